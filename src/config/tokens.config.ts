import { registerAs } from '@nestjs/config';
import { environment, issuerOf } from './environment';

/** Access and refresh tokens: how they are signed, what they say, how long they live. */
export const tokensConfig = registerAs('tokens', () => {
  const env = environment();
  return {
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL ?? 1800,
    /** An ID token lives as long as an access token, within OIDC's 5 minutes to 1 hour. */
    idTokenTtlSeconds: Math.min(Math.max(env.ACCESS_TOKEN_TTL ?? 1800, 300), 3600),
    /**
     * The URL clients reach Scopegate at: every token's `iss`, the metadata's `issuer`, and the
     * base of every absolute URL Scopegate writes (never the request's `Host`).
     */
    issuer: issuerOf(env),
    audience: env.JWT_AUDIENCE ?? 'scopegate-api',
    clockToleranceSeconds: 5,
    /** Verified tokens remembered (until they expire), so a repeat costs no signature check. */
    cacheSize: env.TOKEN_CACHE_SIZE ?? 10_000,
    /** A refresh token unused this long is refused (seconds; default 7 days). */
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL ?? 7 * 86400,
    /** A session (refresh-token family) older than this is refused (seconds; default 30 days). */
    refreshTokenMaxLifetimeSeconds: env.REFRESH_TOKEN_MAX_LIFETIME ?? 30 * 86400,
    /** A consumed refresh token used again within this many seconds gets a new pair. */
    refreshTokenReuseGraceSeconds: env.REFRESH_TOKEN_REUSE_GRACE ?? 0,
  };
});

export type TokensConfig = ReturnType<typeof tokensConfig>;
