import { registerAs } from '@nestjs/config';
import { environment, isProduction } from './environment';

/** The authorization-code flow: the password grant's switch, browser sessions, lifetimes. */
export const authorizationConfig = registerAs('authorization', () => {
  const env = environment();
  return {
    /**
     * The password grant (RFC 9700 §2.4: it MUST NOT be used): on by default outside
     * production for the tutorial and first-party tools, off in production unless set.
     */
    passwordGrant: env.PASSWORD_GRANT ? env.PASSWORD_GRANT === 'true' : !isProduction(env),
    /** A validated `/authorize` request waits this long for the user (seconds). */
    requestTtlSeconds: 15 * 60,
    /** An authorization code lives this long (seconds). */
    codeTtlSeconds: 60,
    /** A browser session unused this long ends (seconds; default 30 minutes). */
    sessionIdleSeconds: env.BROWSER_SESSION_IDLE_TTL ?? 30 * 60,
    /** A browser session ends this long after the login at the latest (default 10 hours). */
    sessionMaxLifetimeSeconds: env.BROWSER_SESSION_MAX_LIFETIME ?? 10 * 3600,
    /** The same with "remember me" ticked (default 14 days); the cookie then persists. */
    sessionRememberLifetimeSeconds: env.BROWSER_SESSION_REMEMBER_LIFETIME ?? 14 * 86400,
  };
});

export type AuthorizationConfig = ReturnType<typeof authorizationConfig>;
