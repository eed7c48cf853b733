import { createResourceServer } from './resource-server';

/**
 * Runs the example on its own: SCOPEGATE_URL=http://127.0.0.1:3000 PORT=3001 node main.js
 * (after compiling), then call GET /reports with a Scopegate token carrying items:read.
 */
async function main(): Promise<void> {
  const app = await createResourceServer({
    scopegateUrl: process.env.SCOPEGATE_URL ?? 'http://127.0.0.1:3000',
    issuer: process.env.ISSUER ?? process.env.SCOPEGATE_URL ?? 'http://127.0.0.1:3000',
    audience: process.env.JWT_AUDIENCE ?? 'scopegate-api',
  });
  await app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1');
}

void main();
