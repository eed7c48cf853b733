import { createService } from './service';

/**
 * Runs the example: ISSUER=http://127.0.0.1:3000 PORT=3001 node main.js (after compiling),
 * then call GET /reports with a Scopegate token carrying items:read.
 */
async function main(): Promise<void> {
  const app = await createService({
    issuer: process.env.ISSUER ?? 'http://127.0.0.1:3000',
    audience: process.env.JWT_AUDIENCE ?? 'scopegate-api',
  });
  await app.listen(Number(process.env.PORT ?? 3001), process.env.HOST ?? '127.0.0.1');
}

void main();
