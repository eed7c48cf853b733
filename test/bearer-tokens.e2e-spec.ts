import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { KeyStore } from '../src/keys/key-store';
import { User } from '../src/users/user.entity';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';
import { createUser as createUserAs } from './support/factories';
import { attackerKeys, forge, validClaims, type ForgeOptions } from './support/forge';

/**
 * Protected routes and the bearer token (RFC 6750 §3): what no credentials, a bad token and a
 * token lacking a scope each get. Every refusal is a 401 or 403, never a 5xx.
 */
describe('bearer tokens on protected routes', () => {
  // No user cache: a user deleted behind the service's back (as another process would) must
  // be refused on the very next request. Disabling a user and reducing their scopes, with the
  // cache on, are in user-cache.e2e-spec.
  const app = useTestApp({ USER_CACHE_TTL_MS: '0' });
  let johnId: string;
  let realToken: string;

  beforeAll(async () => {
    realToken = await app.token('johndoe', 'secret', 'me items');
    johnId = (await app.request('GET', '/users/me', { token: realToken })).body.id;
  });

  const bearer = (token: string) => `Bearer ${token}`;
  /** The key that signs now: what a forger would need to steal. */
  const signing = () => app.app.get(KeyStore).current();
  const header = (extra: Record<string, unknown> = {}) => ({
    alg: signing().algorithm,
    typ: 'at+jwt',
    kid: signing().kid,
    ...extra,
  });
  /** johndoe's token as the service would issue it, with `payload` changes applied. */
  const forgeFor = (payload: Record<string, unknown> = {}, options: Partial<ForgeOptions> = {}) =>
    forge({
      header: header(),
      payload: { ...validClaims(johnId), ...payload },
      signWith: signing().algorithm,
      key: signing().privateKey,
      ...options,
    });

  /** Asserts a 401 invalid_token on GET /users/me; `why` matches (or equals) the description. */
  async function expectInvalidToken(authorization: string, why?: RegExp | string): Promise<void> {
    const result = await app.request('GET', '/users/me', { headers: { authorization } });
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_token');
    expect(result.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="scopegate", error="invalid_token", error_description="[^"\\]+"$/,
    );
    if (typeof why === 'string') expect(result.body.error_description).toBe(why);
    else if (why) expect(result.body.error_description).toMatch(why);
  }

  describe('without credentials', () => {
    it('answers 401 with a bare challenge naming every scope the route requires', async () => {
      const result = await app.request('GET', '/users/me/items/');
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toBe(
        'Bearer realm="scopegate", scope="me items"',
      );
      expect(result.body.error).toBe('unauthorized');
    });

    it('answers 401 without scope in the challenge on a route that needs none', async () => {
      const result = await app.request('GET', '/status/');
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toBe('Bearer realm="scopegate"');
    });

    it.each([
      ['another scheme', `Basic ${Buffer.from('johndoe:secret').toString('base64')}`],
      ['a token without a scheme', 'TOKEN'],
    ])('answers %s like no credentials at all: a bare challenge', async (_, authorization) => {
      const result = await app.request('GET', '/users/me', {
        headers: { authorization: authorization.replace('TOKEN', realToken) },
      });
      expect(result.status).toBe(401);
      expect(result.body.error).toBe('unauthorized');
      expect(result.headers.get('www-authenticate')).toBe('Bearer realm="scopegate", scope="me"');
    });

    it('ignores a token in the query string or the body', async () => {
      const query = await app.request('GET', `/users/me?access_token=${realToken}`);
      expect(query.status).toBe(401);
      expect(query.body.error).toBe('unauthorized');
      expect(query.headers.get('www-authenticate')).toBe('Bearer realm="scopegate", scope="me"');
      const body = await app.request('POST', '/items', { json: { access_token: realToken } });
      expect(body.status).toBe(401);
      expect(body.body.error).toBe('unauthorized');
    });
  });

  describe('the Authorization header', () => {
    it('accepts the scheme name in any case', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'BeArEr']) {
        const result = await app.request('GET', '/users/me', {
          headers: { authorization: `${scheme} ${realToken}` },
        });
        expect(result.status).toBe(200);
      }
    });

    it.each([
      ['a scheme without a token', 'Bearer'],
      ['two tokens separated by a comma', 'Bearer TOKEN, Bearer TOKEN'],
      ['two tokens separated by a space', 'Bearer TOKEN TOKEN'],
      ['a token with spaces', 'Bearer not a token'],
    ])('answers invalid_token to %s', async (_, authorization) => {
      await expectInvalidToken(
        authorization.replaceAll('TOKEN', realToken),
        'The Authorization header must be: Bearer <access token>',
      );
    });

    it.each([
      ['a token that is not a JWT', 'not-a-jwt'],
      ['dots only', '.'.repeat(10)],
      ['empty JSON parts', 'e30.e30.e30'],
      ['a header that is not JSON', `${Buffer.from('garbage').toString('base64url')}.x.y`],
    ])('answers invalid_token to %s', async (_, token) => {
      await expectInvalidToken(
        bearer(token),
        /^The (access token is invalid|token header names no key)/,
      );
    });

    it('refuses two Authorization headers', async () => {
      const headers = new Headers();
      headers.append('authorization', bearer(realToken));
      headers.append('authorization', bearer(realToken));
      const response = await fetch(`${app.url}/users/me`, { headers });
      app.statuses.push(response.status);
      expect(response.status).toBe(401);
    });

    it('refuses a 64 KiB token with 401, not 431 or 5xx', async () => {
      const huge = 'A'.repeat(64 * 1024);
      await expectInvalidToken(bearer(huge), 'The access token is too long');
      await expectInvalidToken(bearer(`${realToken}.${huge}`), 'The access token is too long');
    });

    it('answers 431 with a JSON body when the request head is beyond any sensible size', async () => {
      const result = await app.request('GET', '/users/me', {
        headers: { authorization: bearer('A'.repeat(100 * 1024)) },
      });
      expect(result.status).toBe(431);
      expect(result.body).toMatchObject({ statusCode: 431 });
    });
  });

  describe('signature, algorithm and key', () => {
    /** A server standing in for an attacker's JWKS / certificate URL: it must never be called. */
    let keyServer: Server;
    let keyServerUrl: string;
    const keyServerHits: string[] = [];

    beforeAll(async () => {
      keyServer = createServer((request, response) => {
        keyServerHits.push(request.url ?? '');
        response.end('{"keys":[]}');
      });
      await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
      keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => keyServer.close(resolve)));

    it('accepts a hand-made token with the real key and valid claims (the forging is sound)', async () => {
      const result = await app.request('GET', '/users/me', { token: forgeFor() });
      expect(result.status).toBe(200);
      expect(result.body.username).toBe('johndoe');
    });

    it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s', async (alg) => {
      const token = forgeFor({}, { header: header({ alg }), signWith: 'none' });
      await expectInvalidToken(bearer(token));
      // The same without the trailing dot, and with the real signature kept.
      await expectInvalidToken(bearer(token.slice(0, -1)));
      const [, , signature] = forgeFor().split('.');
      await expectInvalidToken(bearer(`${token}${signature}`));
    });

    it('refuses a token signed with another key under our kid', async () => {
      const token = forgeFor({}, { key: attackerKeys.ec.privateKey });
      await expectInvalidToken(bearer(token), 'The access token is invalid (invalid signature)');
    });

    it('refuses a kid we never published', async () => {
      const token = forgeFor({}, { header: header({ kid: 'attacker-key' }) });
      await expectInvalidToken(bearer(token), 'The token was signed by a key we do not know');
    });

    it('refuses a token whose header names no key', async () => {
      const token = forgeFor({}, { header: header({ kid: undefined }) });
      await expectInvalidToken(bearer(token), /names no key/);
    });

    it('refuses a stripped, truncated or altered signature', async () => {
      const [head, body, signature] = realToken.split('.');
      await expectInvalidToken(bearer(`${head}.${body}.`));
      await expectInvalidToken(bearer(`${head}.${body}`));
      await expectInvalidToken(bearer(`${head}.${body}.${signature.slice(0, -4)}`));
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      await expectInvalidToken(bearer(`${head}.${body}.${flipped}`), /signature/);
    });

    it('refuses an altered payload (scope raised to admin) under the original signature', async () => {
      const [head, body, signature] = realToken.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
      const raised = Buffer.from(JSON.stringify({ ...claims, scope: 'admin' })).toString(
        'base64url',
      );
      await expectInvalidToken(bearer(`${head}.${raised}.${signature}`), /signature/);
    });

    it.each(['HS256', 'HS384', 'HS512'] as const)(
      "refuses %s signed with the published key's bytes (no algorithm confusion)",
      async (alg) => {
        const { publicKey } = app.app.get(KeyStore).verificationKey(signing().kid)!;
        for (const bytes of [
          publicKey.export({ format: 'pem', type: 'spki' }),
          publicKey.export({ format: 'der', type: 'spki' }),
          JSON.stringify(publicKey.export({ format: 'jwk' })),
        ]) {
          const token = forgeFor({}, { header: header({ alg }), signWith: alg, key: bytes });
          await expectInvalidToken(bearer(token), /algorithm is not its key/);
        }
      },
    );

    it('refuses RS256 signed with an attacker key under our ES256 kid', async () => {
      const token = forgeFor(
        {},
        { header: header({ alg: 'RS256' }), signWith: 'RS256', key: attackerKeys.rsa.privateKey },
      );
      await expectInvalidToken(bearer(token), /algorithm is not its key/);
    });

    it.each([
      ['jku', { jku: 'KEYSERVER/jwks.json' }],
      ['x5u', { x5u: 'KEYSERVER/cert.pem' }],
      ['jwk', { jwk: attackerKeys.ec.publicKey.export({ format: 'jwk' }) }],
      ['x5c', { x5c: ['MIIB'] }],
      ['crit', { crit: ['exp'] }],
    ])('never trusts nor fetches a %s header', async (_, extra) => {
      const resolved = JSON.parse(JSON.stringify(extra).replace('KEYSERVER', keyServerUrl));
      // Signed with the attacker's key that the header points to…
      const attackers = forgeFor(
        {},
        { header: header({ ...resolved, kid: undefined }), key: attackerKeys.ec.privateKey },
      );
      await expectInvalidToken(bearer(attackers));
      // …and even with the real key: we never issue these headers, so the token is not ours.
      const ours = forgeFor({}, { header: header(resolved) });
      await expectInvalidToken(bearer(ours), /header/);
      expect(keyServerHits).toEqual([]);
    });
  });

  describe('claims', () => {
    it.each([['JWT'], ['jwt'], ['at+jwt+foo'], [''], [undefined], [42]])(
      'refuses typ %p (only at+jwt is an access token)',
      async (typ) => {
        await expectInvalidToken(
          bearer(forgeFor({}, { header: header({ typ }) })),
          'The token is not an access token (typ must be at+jwt)',
        );
      },
    );

    it.each([
      ['another issuer', { iss: 'evil' }, 'The access token is invalid (issuer invalid)'],
      ['no issuer', { iss: undefined }, 'The access token is invalid (issuer invalid)'],
      ['another audience', { aud: 'other' }, 'The access token is invalid (audience invalid)'],
    ])('refuses %s', async (_, claims, description) => {
      await expectInvalidToken(bearer(forgeFor(claims)), description);
    });

    it('refuses an expired token, one not valid yet, and one without expiry', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectInvalidToken(
        bearer(forgeFor({ iat: now - 3600, exp: now - 60 })),
        'The access token expired',
      );
      await expectInvalidToken(
        bearer(forgeFor({ nbf: now + 3600 })),
        'The access token is not valid yet',
      );
      await expectInvalidToken(
        bearer(forgeFor({ exp: undefined })),
        'The access token has no expiry',
      );
    });

    it('refuses a token without iat', async () => {
      await expectInvalidToken(
        bearer(forgeFor({ iat: undefined })),
        'The access token has no issue time',
      );
    });

    it('refuses a token without jti', async () => {
      await expectInvalidToken(
        bearer(forgeFor({ jti: undefined })),
        'The access token has no identifier',
      );
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['a number', 42],
    ])('refuses a sub that is %s', async (_, sub) => {
      await expectInvalidToken(bearer(forgeFor({ sub })), /subject|invalid/);
    });

    it.each([
      ['an array', ['me', 'items']],
      ['a number', 1],
      ['an object', { me: true }],
    ])('refuses a scope claim that is %s', async (_, scope) => {
      await expectInvalidToken(
        bearer(forgeFor({ scope })),
        'The scope claim must be a space-separated string',
      );
    });
  });

  describe('the user behind the token', () => {
    const gone = 'The user of this token does not exist or is disabled';

    /** Creates a user through the API; returns its id and the administrator's token. */
    async function createUser(username: string, password: string, scopes: string[]) {
      const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
      const { id } = await createUserAs(app, admin, { username, password, scopes });
      return { id, admin };
    }

    it('refuses the token of a user that never existed', async () => {
      await expectInvalidToken(
        bearer(forgeFor({ sub: '00000000-0000-4000-8000-000000000000' })),
        gone,
      );
    });

    it('refuses the token of a user deleted since it was issued', async () => {
      const { id } = await createUser('doomed', 'doomed-password', ['me']);
      const token = await app.token('doomed', 'doomed-password', 'me');
      expect((await app.request('GET', '/users/me', { token })).status).toBe(200);
      await app.app.get(DataSource).getRepository(User).delete({ id: id });
      await expectInvalidToken(bearer(token), gone);
    });

    it('refuses the tokens issued before a password change, and accepts those issued after', async () => {
      const { id, admin } = await createUser('erin', 'erin-password-1', ['me']);
      const before = await app.token('erin', 'erin-password-1', 'me');
      expect((await app.request('GET', '/users/me', { token: before })).status).toBe(200);
      const changed = await app.request('PATCH', `/users/${id}`, {
        token: admin,
        json: { password: 'erin-password-2' },
      });
      expect(changed.status).toBe(200);
      await expectInvalidToken(
        bearer(before),
        'The password was changed after this token was issued',
      );
      const after = await app.token('erin', 'erin-password-2', 'me');
      expect((await app.request('GET', '/users/me', { token: after })).status).toBe(200);
    });
  });

  describe('scopes', () => {
    it('answers 403 insufficient_scope listing every required scope', async () => {
      const token = await app.token('johndoe', 'secret', 'items');
      const result = await app.request('GET', '/users/me/items/', { token });
      expect(result.status).toBe(403);
      expect(result.headers.get('www-authenticate')).toBe(
        'Bearer realm="scopegate", error="insufficient_scope", error_description="The access token does not grant every scope this route requires", scope="me items"',
      );
      expect(result.body).toMatchObject({ error: 'insufficient_scope', scope: 'me items' });
    });

    it('honours implications: items:write satisfies items:read', async () => {
      const token = await app.token('johndoe', 'secret', 'items:write');
      expect((await app.request('GET', '/items', { token })).status).toBe(200);
    });
  });
});
