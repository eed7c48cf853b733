import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, type Algorithm } from 'jsonwebtoken';

/** One signing key of the stand-in issuer. */
export interface IssuerKey {
  readonly kid: string;
  readonly alg: 'ES256' | 'RS256';
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function newKey(alg: 'ES256' | 'RS256' = 'ES256'): IssuerKey {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), alg, ...pair };
}

export const AUDIENCE = 'scopegate-api';

/** The confidential client the stand-in lets introspect. */
export const INTROSPECTOR = { clientId: 'reports-service', clientSecret: 'a secret/with+signs' };

/** The catalog the stand-in publishes, in Scopegate's format. */
export const CATALOG = [
  { name: 'admin', description: 'Full access', implies_all: true },
  { name: 'reports:read', description: 'Read reports' },
  { name: 'reports:write', description: 'Write reports', implies: ['reports:read'] },
];

/**
 * A stand-in for Scopegate over real HTTP: its metadata, JWKS and scope catalog, each of which
 * a test can take down, and counters of what was fetched. It signs tokens the way Scopegate
 * does (RFC 9068), and any other way a test wants.
 */
export class FakeIssuer {
  readonly keys: IssuerKey[] = [newKey('ES256')];
  readonly fetches = { metadata: 0, jwks: 0, catalog: 0, introspect: 0 };
  readonly down = { metadata: false, jwks: false, catalog: false, introspect: false };
  /** Tokens revoked at the stand-in: its introspection answers `active: false` for them. */
  readonly revoked = new Set<string>();
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const send = (what: keyof FakeIssuer['down'], body: unknown) => {
        this.fetches[what] += 1;
        if (this.down[what]) {
          response.writeHead(503).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.method === 'POST' && request.url === '/introspect') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          if (!basicNames(request.headers.authorization, INTROSPECTOR)) {
            this.fetches.introspect += 1;
            response.writeHead(401, { 'content-type': 'application/json' });
            response.end('{"error":"invalid_client"}');
            return;
          }
          const token = new URLSearchParams(body).get('token') ?? '';
          send('introspect', { active: !this.revoked.has(token) });
        });
        return;
      }
      switch (request.url) {
        case '/.well-known/oauth-authorization-server':
          return send('metadata', {
            issuer: this.url,
            authorization_endpoint: `${this.url}/authorize`,
            token_endpoint: `${this.url}/token`,
            jwks_uri: `${this.url}/.well-known/jwks.json`,
            introspection_endpoint: `${this.url}/introspect`,
            scope_catalog_uri: `${this.url}/.well-known/scope-catalog.json`,
          });
        case '/.well-known/jwks.json':
          return send('jwks', {
            keys: this.keys.map(({ kid, alg, publicKey }) => ({
              ...publicKey.export({ format: 'jwk' }),
              kid,
              alg,
              use: 'sig',
            })),
          });
        case '/.well-known/scope-catalog.json':
          return send('catalog', { issuer: this.url, scopes: CATALOG });
        default:
          response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The claims Scopegate puts in a user's access token. */
  claims(scope: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.url,
      sub: 'user-1',
      aud: AUDIENCE,
      client_id: 'first-party',
      scope,
      iat: now,
      exp: now + 600,
      jti: randomUUID(),
      ...overrides,
    };
  }

  /** A token signed as Scopegate signs: `typ: at+jwt`, the key's `kid` and algorithm. */
  token(
    scope: string,
    overrides: Record<string, unknown> = {},
    options: { key?: IssuerKey; header?: Record<string, unknown>; without?: string[] } = {},
  ): string {
    const key = options.key ?? this.keys[0];
    const claims = this.claims(scope, overrides);
    for (const name of options.without ?? []) delete claims[name];
    return sign(claims, key.privateKey, {
      algorithm: key.alg as Algorithm,
      noTimestamp: !('iat' in claims),
      header: { alg: key.alg, typ: 'at+jwt', kid: key.kid, ...options.header },
    });
  }
}

/** Whether `header` is HTTP Basic for `client`, each part form-decoded (RFC 6749 §2.3.1). */
function basicNames(
  header: string | undefined,
  client: { clientId: string; clientSecret: string },
): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const at = decoded.indexOf(':');
  const part = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
  return (
    part(decoded.slice(0, at)) === client.clientId &&
    part(decoded.slice(at + 1)) === client.clientSecret
  );
}
