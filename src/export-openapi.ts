import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { createOpenApiDocument, serializeOpenApiDocument } from './openapi/openapi-document';

/**
 * `npm run openapi`: writes the document the application serves at /openapi.json to
 * openapi.json at the repository root. The application is built, never listens, on a
 * throwaway in-memory database; the variables below configure that instance only.
 */
async function main(): Promise<void> {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'sqlite::memory:',
    // The document as a development instance serves it (its description names the demo user).
    DEMO_DATA: 'true',
    KEY_ENCRYPTION_SECRET: 'openapi-export-only-never-used-to-encrypt-a-key',
    ADMIN_PASSWORD: 'openapi-export-only',
  });
  const app = await createApp();
  try {
    const target = join(__dirname, '..', 'openapi.json');
    writeFileSync(target, serializeOpenApiDocument(createOpenApiDocument(app)));
    console.log(`Wrote ${target}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
