import { registerAs } from '@nestjs/config';
import { join } from 'node:path';
import { environment } from './environment';

/** Access tokens: how they are signed, what they say, how long they live. */
export const tokensConfig = registerAs('tokens', () => {
  const env = environment();
  return {
    /** Absent outside production: a random secret is generated once and kept in `secretFile`. */
    jwtSecret: env.JWT_SECRET,
    secretFile: join(env.DATA_DIR ?? './data', 'jwt-secret'),
    isProduction: env.NODE_ENV === 'production',
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL ?? 1800,
    issuer: env.JWT_ISSUER ?? 'scopegate',
    audience: env.JWT_AUDIENCE ?? 'scopegate-api',
    clockToleranceSeconds: 5,
  };
});

export type TokensConfig = ReturnType<typeof tokensConfig>;
