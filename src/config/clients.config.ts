import { registerAs } from '@nestjs/config';
import { DOCS_PATH } from './app.config';
import { environment, issuerOf } from './environment';

/** OAuth2 clients: the built-in public one, and how long a client is remembered. */
export const clientsConfig = registerAs('clients', () => {
  const env = environment();
  return {
    /** A token request that names no client is made by this built-in public client. */
    publicClientId: env.PUBLIC_CLIENT_ID ?? 'first-party',
    /** The built-in client's redirect URIs: Swagger UI's, while the docs are served. */
    publicClientRedirectUris:
      env.DOCS_ENABLED === 'false' ? [] : [`${issuerOf(env)}${DOCS_PATH}/oauth2-redirect.html`],
    /**
     * Milliseconds a client row is remembered between database reads (0: not at all); unset,
     * the same as a user row (`USER_CACHE_TTL_MS`), which is what deployments had before.
     */
    cacheTtlMs: env.CLIENT_CACHE_TTL_MS ?? env.USER_CACHE_TTL_MS ?? 5000,
  };
});

export type ClientsConfig = ReturnType<typeof clientsConfig>;
