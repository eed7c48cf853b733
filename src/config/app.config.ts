import { registerAs } from '@nestjs/config';
import { environment, isProduction } from './environment';

/** Swagger UI's path (the document's is `/openapi.json`). */
export const DOCS_PATH = '/docs';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** HTTP server and process settings. */
export const appConfig = registerAs('app', () => {
  const env = environment();
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    nodeEnv,
    isProduction: isProduction(env),
    port: env.PORT ?? 3000,
    host: env.HOST ?? '127.0.0.1',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel,
    dataDir: env.DATA_DIR ?? './data',
    /** Swagger UI at /docs and the document at /openapi.json. */
    docsEnabled: env.DOCS_ENABLED !== 'false',
    /** Largest request body accepted, in bytes; larger ones are refused with 413. */
    bodyLimit: env.BODY_LIMIT ?? 64 * 1024,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;

/** `true`/`false`, a hop count, or a comma-separated list of trusted proxy addresses. */
function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
