// The peer of the client-credentials and introspection rows: panva's node-oidc-provider, the
// reference OAuth 2.0 server for Node, configured as close to Scopegate's work as it allows
// (bench/README.md says what still differs). The parent sends `{ port }` over IPC and gets
// 'ready' back. A bench dependency only (devDependencies); ESM, as the package is.
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** The resource the client-credentials tokens are for: ES256 JWT access tokens, like ours. */
const JWT_RESOURCE = 'urn:scopegate:api';
/** node-oidc-provider introspects only opaque tokens: the introspection row's tokens are. */
const OPAQUE_RESOURCE = 'urn:scopegate:opaque';

process.once('message', ({ port }) => {
  start(port).catch((error) => {
    process.stderr.write(`[peer] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
});

/** Starts node-oidc-provider on `port` and tells the parent when it listens. */
async function start(port) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: 'demo-service',
        client_secret: 'demo-service-secret',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'items:read',
        // Its only key is ES256 (an OpenID Provider defaults to RS256 ID tokens; none are issued).
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [signing] },
    scopes: ['items:read'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => JWT_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: 'items:read',
          audience: 'scopegate-api',
          accessTokenTTL: 1800,
          ...(resource === OPAQUE_RESOURCE
            ? { accessTokenFormat: 'opaque' }
            : { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
        }),
      },
    },
  });
  // Its own console warnings (development-only defaults) would only add noise to the bench.
  provider.on('server_error', (_ctx, error) => process.stderr.write(`[peer] ${error.message}\n`));
  const server = provider.listen(port, '127.0.0.1', () => process.send?.('ready'));
  server.keepAliveTimeout = 72_000;
}
