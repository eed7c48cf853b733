import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/** Access tokens: how they are signed, what they say, how long they live. */
export const tokensConfig = registerAs('tokens', () => {
  const env = environment();
  return {
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL ?? 1800,
    issuer: env.JWT_ISSUER ?? 'scopegate',
    audience: env.JWT_AUDIENCE ?? 'scopegate-api',
    clockToleranceSeconds: 5,
    /** Verified tokens remembered (until they expire), so a repeat costs no signature check. */
    cacheSize: env.TOKEN_CACHE_SIZE ?? 10_000,
  };
});

export type TokensConfig = ReturnType<typeof tokensConfig>;
