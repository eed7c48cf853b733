import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from './environment';

/** Token signing, lifetimes and the accounts created at first start. */
export const authConfig = registerAs('auth', () => {
  const env = validateEnvironment(process.env);
  const isProduction = env.NODE_ENV === 'production';
  return {
    /** Absent outside production: a random secret is generated once and kept in `secretFile`. */
    jwtSecret: env.JWT_SECRET,
    secretFile: join(env.DATA_DIR ?? './data', 'jwt-secret'),
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL ?? 1800,
    issuer: env.JWT_ISSUER ?? 'scopegate',
    audience: env.JWT_AUDIENCE ?? 'scopegate-api',
    clockToleranceSeconds: 5,
    /** How long a token's user is remembered between database reads; 0 turns it off. */
    userCacheTtlMs: env.USER_CACHE_TTL_MS ?? 5000,
    /** argon2 hashes and verifications running at once (each takes a core for ~25 ms). */
    argon2MaxConcurrency: env.ARGON2_MAX_CONCURRENCY ?? availableParallelism(),
    /** More may wait; beyond that, POST /token answers 503 at once. */
    argon2MaxQueue: env.ARGON2_MAX_QUEUE ?? 64,
    demoData: env.DEMO_DATA === undefined ? !isProduction : env.DEMO_DATA === 'true',
    adminUsername: env.ADMIN_USERNAME ?? 'admin',
    adminPassword: env.ADMIN_PASSWORD,
    isProduction,
    /** `POST /token` attempts allowed per window, per client address and per username. */
    tokenRateLimit: {
      windowSeconds: env.TOKEN_RATE_LIMIT_WINDOW ?? 60,
      perIp: env.TOKEN_RATE_LIMIT_PER_IP ?? 30,
      perUsername: env.TOKEN_RATE_LIMIT_PER_USERNAME ?? 10,
    },
  };
});

export type AuthConfig = ReturnType<typeof authConfig>;
