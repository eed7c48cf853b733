import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { verify } from 'jsonwebtoken';
import { KeyStore } from '../src/keys/key-store';
import { expectNoServerErrors, startApp, TEST_ADMIN_PASSWORD, useTestApp } from './support/app';
import { shiftableClock } from './support/clock';
import { decodeToken, forge, validClaims } from './support/forge';

describe('signing keys, the JWKS and discovery', () => {
  const app = useTestApp();

  const kidOf = (token: string) => decodeToken(token).header.kid as string;
  const publicKeyFrom = (jwk: object): KeyObject =>
    createPublicKey({ key: jwk as never, format: 'jwk' });

  describe('GET /.well-known/jwks.json', () => {
    it('publishes a signing key per algorithm (ES256, RS256), with no private member', async () => {
      const result = await app.request('GET', '/.well-known/jwks.json');
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
      expect(result.body.keys).toHaveLength(2);
      const [ec, rsa] = result.body.keys;
      expect(Object.keys(ec).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(ec).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(Object.keys(rsa).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(rsa).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    });

    it('lets anyone verify an issued token from the JWKS alone', async () => {
      const token = await app.token('johndoe', 'secret', 'me');
      const { keys } = (await app.request('GET', '/.well-known/jwks.json')).body;
      const jwk = keys.find((key: { kid: string }) => key.kid === kidOf(token));
      const claims = verify(token, publicKeyFrom(jwk), {
        algorithms: ['ES256'],
        issuer: app.url,
        audience: 'scopegate-api',
      });
      expect(claims).toMatchObject({ scope: 'me' });
    });

    it('may be cached publicly, for less than the publish-ahead window', async () => {
      const result = await app.request('GET', '/.well-known/jwks.json');
      expect(result.headers.get('cache-control')).toBe('public, max-age=300');
    });

    it('ignores odd query strings and never answers 5xx', async () => {
      for (const query of ['?kid=../../etc/passwd', '?jku=http://127.0.0.1:1/', '?a[b]=c&a=d']) {
        const result = await app.request('GET', `/.well-known/jwks.json${query}`);
        expect(result.status).toBe(200);
        expect(result.body.keys).toHaveLength(2);
      }
    });

    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
      'answers %s with 405 and Allow: GET',
      async (method) => {
        const result = await app.request(method, '/.well-known/jwks.json');
        expect(result.status).toBe(405);
        expect(result.headers.get('allow')).toBe('GET');
        expect(result.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
      },
    );
  });

  describe('GET /.well-known/oauth-authorization-server', () => {
    it('says where the token endpoint and the keys are, and what is supported (RFC 8414)', async () => {
      const result = await app.request('GET', '/.well-known/oauth-authorization-server');
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        issuer: app.url,
        authorization_endpoint: `${app.url}/authorize`,
        token_endpoint: `${app.url}/token`,
        jwks_uri: `${app.url}/.well-known/jwks.json`,
        revocation_endpoint: `${app.url}/revoke`,
        revocation_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        introspection_endpoint: `${app.url}/introspect`,
        introspection_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
        ],
        grant_types_supported: [
          'authorization_code',
          'password',
          'refresh_token',
          'client_credentials',
        ],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        prompt_values_supported: ['none', 'login', 'consent'],
        token_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        scopes_supported: expect.arrayContaining([
          'admin',
          'me',
          'items',
          'keys:write',
          'clients:write',
        ]),
        scope_catalog_uri: `${app.url}/.well-known/scope-catalog.json`,
      });
      const jwks = await fetch(result.body.jwks_uri);
      expect(jwks.status).toBe(200);
    });

    it('links the scope catalog: every scope, its description and what it implies', async () => {
      const { body } = await app.request('GET', '/.well-known/oauth-authorization-server');
      const response = await fetch(body.scope_catalog_uri);
      expect(response.status).toBe(200);
      const catalog = (await response.json()) as {
        issuer: string;
        scopes: { name: string; description: string; implies?: string[]; implies_all?: boolean }[];
      };
      expect(catalog.issuer).toBe(app.url);
      expect(catalog.scopes.map(({ name }) => name)).toEqual(body.scopes_supported);
      expect(catalog.scopes).toContainEqual({
        name: 'items:write',
        description: 'Create and update items',
        implies: ['items:read'],
      });
      expect(catalog.scopes).toContainEqual({
        name: 'admin',
        description: 'Full access',
        implies_all: true,
      });
      expect(catalog.scopes.find(({ name }) => name === 'me')).toEqual({
        name: 'me',
        description: expect.any(String),
      });
    });

    it('builds every URL from the issuer, whatever Host the request names', async () => {
      const honest = await app.request('GET', '/.well-known/oauth-authorization-server');
      for (const headers of <Record<string, string>[]>[
        { host: 'evil.example' },
        { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      ]) {
        const forged = await app.request('GET', '/.well-known/oauth-authorization-server', {
          headers,
        });
        expect(forged.status).toBe(200);
        expect(forged.text).toBe(honest.text);
      }
      expect(honest.text).not.toContain('evil.example');
    });

    it('sends no empty member', async () => {
      const { body } = await app.request('GET', '/.well-known/oauth-authorization-server');
      for (const [member, value] of Object.entries(body)) {
        expect([member, value]).not.toEqual([member, []]);
      }
    });
  });

  describe('administration', () => {
    it('requires keys:read to list and keys:write to rotate', async () => {
      const johndoe = await app.token('johndoe', 'secret', 'me');
      expect((await app.request('GET', '/keys', { token: johndoe })).status).toBe(403);
      expect((await app.request('POST', '/keys/rotate', { token: johndoe })).status).toBe(403);
      expect((await app.request('GET', '/keys')).status).toBe(401);
    });

    it('lists the keys without any private part', async () => {
      const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'keys:read');
      const result = await app.request('GET', '/keys', { token: admin });
      expect(result.status).toBe(200);
      expect(result.body[0]).toEqual({
        kid: expect.any(String),
        algorithm: 'ES256',
        state: 'signing',
        createdAt: expect.any(String),
        activatesAt: expect.any(String),
        retiresAt: null,
      });
      expect(result.text).not.toMatch(/PRIVATE|"d"/);
    });
  });

  describe('rotation', () => {
    let clock: ReturnType<typeof shiftableClock>;
    beforeAll(() => (clock = shiftableClock()));
    afterAll(() => clock.restore());

    // The access tokens' keys (ES256); the ID tokens' RS256 keys rotate beside them.
    const jwksKids = async () =>
      (
        (await app.request('GET', '/.well-known/jwks.json')).body.keys as {
          kid: string;
          alg: string;
        }[]
      )
        .filter((key) => key.alg === 'ES256')
        .map((key) => key.kid);
    const states = async (token: string) =>
      Object.fromEntries(
        (
          (await app.request('GET', '/keys', { token })).body as {
            kid: string;
            state: string;
            algorithm: string;
          }[]
        )
          .filter((key) => key.algorithm === 'ES256')
          .map((key) => [key.kid, key.state]),
      );

    it('publishes a new key at once, signs with it after KEY_PUBLISH_AHEAD, and retires the old one after its last token expired', async () => {
      const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
      const before = await app.token('johndoe', 'secret', 'me');
      const oldKid = kidOf(before);
      const oldKey = app.app.get(KeyStore).current();
      expect(oldKey.kid).toBe(oldKid);

      // Published at once, not signing yet.
      const rotated = await app.request('POST', '/keys/rotate', { token: admin });
      expect(rotated.status).toBe(201);
      expect(rotated.body.map((key: { algorithm: string }) => key.algorithm)).toEqual([
        'ES256',
        'RS256',
      ]);
      const newKid = rotated.body[0].kid as string;
      expect(rotated.body[0].state).toBe('published');
      expect(await jwksKids()).toEqual(expect.arrayContaining([oldKid, newKid]));
      expect(kidOf(await app.token('johndoe', 'secret', 'me'))).toBe(oldKid);
      expect(await states(admin)).toEqual({ [oldKid]: 'signing', [newKid]: 'published' });

      // After the publish-ahead window the new key signs; tokens of the old one still work.
      clock.advance(600 + 1);
      const after = await app.token('johndoe', 'secret', 'me');
      expect(kidOf(after)).toBe(newKid);
      expect((await app.request('GET', '/users/me', { token: before })).status).toBe(200);
      expect((await app.request('GET', '/users/me', { token: after })).status).toBe(200);
      const adminNow = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
      expect(await states(adminNow)).toEqual({ [oldKid]: 'retiring', [newKid]: 'signing' });
      // A token of the old key that is verified (and cached) now…
      const now = Math.floor(Date.now() / 1000);
      const longLived = forge({
        header: { alg: oldKey.algorithm, typ: 'at+jwt', kid: oldKid },
        payload: {
          ...validClaims(decodeToken(after).payload.sub, 'me'),
          iat: now,
          exp: now + 7200,
        },
        signWith: oldKey.algorithm,
        key: oldKey.privateKey,
      });
      expect((await app.request('GET', '/users/me', { token: longLived })).status).toBe(200);

      // Once every token the old key signed has expired (the access-token lifetime after the
      // new key took over), the old key leaves the JWKS and its tokens are refused.
      clock.advance(1800 + 5 + 1);
      expect(await jwksKids()).toEqual([newKid]);
      const refused = await app.request('GET', '/users/me', { token: longLived });
      expect(refused.status).toBe(401);
      expect(refused.body.error_description).toBe('The token was signed by a key we do not know');
      const adminLater = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
      expect(await states(adminLater)).toEqual({ [oldKid]: 'retired', [newKid]: 'signing' });
      expect((await app.request('GET', '/status/', { token: adminLater })).status).toBe(200);
    });
  });

  describe('several instances', () => {
    it('a rotation made on one instance reaches another within KEY_REFRESH_INTERVAL', async () => {
      // A second instance on this suite's database (its variables are in process.env while
      // the first runs), re-reading the keys every second.
      const other = await startApp({
        DATABASE_URL: process.env.DATABASE_URL!,
        DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? '',
        KEY_REFRESH_INTERVAL: '1',
        // Instances of one service share their issuer.
        ISSUER: app.url,
      });
      try {
        const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'keys:write');
        const rotated = await app.request('POST', '/keys/rotate', { token: admin });
        expect(rotated.status).toBe(201);
        const started = Date.now();
        let seenAfterMs: number | undefined;
        while (Date.now() - started < 5000) {
          const kids = (
            (await other.request('GET', '/.well-known/jwks.json')).body.keys as {
              kid: string;
            }[]
          ).map((key) => key.kid);
          if (kids.includes(rotated.body[0].kid)) {
            seenAfterMs = Date.now() - started;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(seenAfterMs).toBeLessThan(2500);
        // And a token the first instance issued works on the other.
        const token = await app.token('johndoe', 'secret', 'me');
        expect((await other.request('GET', '/users/me', { token })).status).toBe(200);
      } finally {
        await other.close();
        expectNoServerErrors(other);
      }
    });
  });
});

describe('with JWT_ALGORITHM=RS256', () => {
  const app = useTestApp({ JWT_ALGORITHM: 'RS256' });

  it('signs with an RSA key, publishes it, and refuses ES256 under its kid', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    const { header, payload } = decodeToken(token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const { keys } = (await app.request('GET', '/.well-known/jwks.json')).body;
    expect(keys).toContainEqual({
      kty: 'RSA',
      n: expect.any(String),
      e: 'AQAB',
      kid: header.kid,
      alg: 'RS256',
      use: 'sig',
    });
    expect((await app.request('GET', '/users/me', { token })).status).toBe(200);
    const es256 = forge({
      header: { alg: 'ES256', typ: 'at+jwt', kid: header.kid },
      payload: validClaims(payload.sub, 'me'),
      signWith: 'ES256',
      key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    const refused = await app.request('GET', '/users/me', { token: es256 });
    expect(refused.status).toBe(401);
    expect(refused.body.error_description).toBe("The token's algorithm is not its key's (RS256)");
  });
});
