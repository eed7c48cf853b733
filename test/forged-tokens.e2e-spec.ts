import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { User } from '../src/users/user.entity';
import { expectNoServerErrors, startApp, TEST_ADMIN_PASSWORD, type TestApp } from './support/app';
import { attackerKeys, forge, validClaims } from './support/forge';

/** Issue 4, point 3: every forged or odd token is a 401 invalid_token, never a 5xx. */
describe('forged and odd bearer tokens', () => {
  let app: TestApp;
  let johnId: string;
  let realToken: string;
  /** A server standing in for an attacker's JWKS / certificate URL: it must never be called. */
  let keyServer: Server;
  let keyServerUrl: string;
  const keyServerHits: string[] = [];

  beforeAll(async () => {
    // No user cache: a user deleted behind the service's back (as another process would) must
    // be refused on the very next request. The cache's own guarantees are in user-cache.e2e-spec.
    app = await startApp({ USER_CACHE_TTL_MS: '0' });
    realToken = await app.token('johndoe', 'secret', 'me items');
    johnId = (await app.request('GET', '/users/me', { token: realToken })).body.id;
    keyServer = createServer((request, response) => {
      keyServerHits.push(request.url ?? '');
      response.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    expectNoServerErrors(app);
    await new Promise((resolve) => keyServer.close(resolve));
  });

  async function expectInvalidToken(authorization: string, why?: RegExp): Promise<void> {
    const result = await app.request('GET', '/users/me', { headers: { authorization } });
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_token');
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    if (why) expect(result.body.error_description).toMatch(why);
  }

  const bearer = (token: string) => `Bearer ${token}`;
  const header = (extra: Record<string, unknown> = {}) => ({
    alg: 'HS256',
    typ: 'at+jwt',
    ...extra,
  });

  it('accepts a hand-made token with the real key and valid claims (the forging is sound)', async () => {
    const token = forge({ header: header(), payload: validClaims(johnId) });
    const result = await app.request('GET', '/users/me', { token });
    expect(result.status).toBe(200);
    expect(result.body.username).toBe('johndoe');
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s', async (alg) => {
    const token = forge({
      header: { alg, typ: 'at+jwt' },
      payload: validClaims(johnId),
      signWith: 'none',
    });
    await expectInvalidToken(bearer(token));
    // The same without the trailing dot, and with the real signature kept.
    await expectInvalidToken(bearer(token.slice(0, -1)));
    const [, , signature] = forge({ header: header(), payload: validClaims(johnId) }).split('.');
    await expectInvalidToken(bearer(`${token}${signature}`));
  });

  it('refuses HS256 signed with another key', async () => {
    const token = forge({
      header: header(),
      payload: validClaims(johnId),
      key: 'an-attacker-secret-of-plenty-of-characters-0123456789',
    });
    await expectInvalidToken(bearer(token), /signature/);
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
    const raised = Buffer.from(JSON.stringify({ ...claims, scope: 'admin' })).toString('base64url');
    await expectInvalidToken(bearer(`${head}.${raised}.${signature}`), /signature/);
  });

  it.each(['HS384', 'HS512'] as const)(
    'refuses %s even when signed with the real secret (the algorithm is pinned)',
    async (alg) => {
      const token = forge({ header: header({ alg }), payload: validClaims(johnId), signWith: alg });
      await expectInvalidToken(bearer(token), /algorithm/);
    },
  );

  it('refuses RS256 and ES256 tokens signed with an attacker key', async () => {
    const rs = forge({
      header: header({ alg: 'RS256' }),
      payload: validClaims(johnId),
      signWith: 'RS256',
      key: attackerKeys.rsa.privateKey,
    });
    const es = forge({
      header: header({ alg: 'ES256' }),
      payload: validClaims(johnId),
      signWith: 'ES256',
      key: attackerKeys.ec.privateKey,
    });
    await expectInvalidToken(bearer(rs), /algorithm/);
    await expectInvalidToken(bearer(es), /algorithm/);
  });

  it.each([['JWT'], ['jwt'], ['at+jwt+foo'], [''], [undefined], [42]])(
    'refuses typ %p (only at+jwt is an access token)',
    async (typ) => {
      const token = forge({ header: { alg: 'HS256', typ }, payload: validClaims(johnId) });
      await expectInvalidToken(bearer(token), /typ/);
    },
  );

  it('refuses a wrong issuer or audience', async () => {
    const wrongIss = forge({ header: header(), payload: { ...validClaims(johnId), iss: 'evil' } });
    const wrongAud = forge({ header: header(), payload: { ...validClaims(johnId), aud: 'other' } });
    const noIss = forge({ header: header(), payload: { ...validClaims(johnId), iss: undefined } });
    await expectInvalidToken(bearer(wrongIss), /issuer/);
    await expectInvalidToken(bearer(wrongAud), /audience/);
    await expectInvalidToken(bearer(noIss), /issuer/);
  });

  it('refuses an expired token, and one not valid yet', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = forge({
      header: header(),
      payload: { ...validClaims(johnId), iat: now - 3600, exp: now - 60 },
    });
    const early = forge({ header: header(), payload: { ...validClaims(johnId), nbf: now + 3600 } });
    const noExp = forge({ header: header(), payload: { ...validClaims(johnId), exp: undefined } });
    await expectInvalidToken(bearer(expired), /expired/);
    await expectInvalidToken(bearer(early), /not valid yet/);
    await expectInvalidToken(bearer(noExp), /expiry/);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a number', 42],
    ['an unknown id', '00000000-0000-4000-8000-000000000000'],
  ])('refuses a sub that is %s', async (_, sub) => {
    const token = forge({ header: header(), payload: { ...validClaims(johnId), sub } });
    await expectInvalidToken(bearer(token));
  });

  it('refuses the token of a user deleted since it was issued', async () => {
    const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const created = await app.request('POST', '/users', {
      token: admin,
      json: { username: 'doomed', password: 'doomed-password', scopes: ['me'] },
    });
    expect(created.status).toBe(201);
    const token = await app.token('doomed', 'doomed-password', 'me');
    expect((await app.request('GET', '/users/me', { token })).status).toBe(200);
    await app.app.get(DataSource).getRepository(User).delete({ id: created.body.id });
    await expectInvalidToken(bearer(token), /does not exist or is disabled/);
  });

  it.each([
    ['an array', ['me', 'items']],
    ['a number', 1],
    ['an object', { me: true }],
  ])('refuses a scope claim that is %s', async (_, scope) => {
    const token = forge({ header: header(), payload: { ...validClaims(johnId), scope } });
    await expectInvalidToken(bearer(token), /scope/);
  });

  it.each([
    ['kid', { kid: 'attacker-key' }],
    ['jku', { jku: 'KEYSERVER/jwks.json' }],
    ['x5u', { x5u: 'KEYSERVER/cert.pem' }],
    ['jwk', { jwk: attackerKeys.rsa.publicKey.export({ format: 'jwk' }) }],
    ['x5c', { x5c: ['MIIB'] }],
    ['crit', { crit: ['exp'] }],
  ])('never trusts nor fetches a %s header', async (_, extra) => {
    const resolved = JSON.parse(JSON.stringify(extra).replace('KEYSERVER', keyServerUrl));
    // Signed with the attacker's key that the header points to…
    const attackers = forge({
      header: header({ ...resolved, alg: 'RS256' }),
      payload: validClaims(johnId),
      signWith: 'RS256',
      key: attackerKeys.rsa.privateKey,
    });
    await expectInvalidToken(bearer(attackers));
    // …and even with the real key: we never issue these headers, so the token is not ours.
    const ours = forge({ header: header(resolved), payload: validClaims(johnId) });
    await expectInvalidToken(bearer(ours), /header/);
    expect(keyServerHits).toEqual([]);
  });

  it('refuses a 64 KiB token with 401, not 431 or 5xx', async () => {
    const huge = 'A'.repeat(64 * 1024);
    await expectInvalidToken(bearer(huge), /too long/);
    await expectInvalidToken(bearer(`${realToken}.${huge}`), /too long/);
  });

  it('answers 431 with a JSON body when the request head is beyond any sensible size', async () => {
    const result = await app.request('GET', '/users/me', {
      headers: { authorization: bearer('A'.repeat(100 * 1024)) },
    });
    expect(result.status).toBe(431);
    expect(result.body).toMatchObject({ statusCode: 431 });
  });

  it('refuses two tokens in one header, and malformed schemes', async () => {
    await expectInvalidToken(`Bearer ${realToken}, Bearer ${realToken}`);
    await expectInvalidToken(`Bearer ${realToken} ${realToken}`);
    await expectInvalidToken(`Basic ${Buffer.from('johndoe:secret').toString('base64')}`);
    await expectInvalidToken(`Bearer`);
    await expectInvalidToken(`Bearer not a token`);
    await expectInvalidToken(`Bearer ${'.'.repeat(10)}`);
    await expectInvalidToken(`Bearer e30.e30.e30`);
    await expectInvalidToken(`Bearer ${Buffer.from('garbage').toString('base64url')}.x.y`);
    await expectInvalidToken(`${realToken}`);
  });

  it('refuses two Authorization headers', async () => {
    const headers = new Headers();
    headers.append('authorization', `Bearer ${realToken}`);
    headers.append('authorization', `Bearer ${realToken}`);
    const response = await fetch(`${app.url}/users/me`, { headers });
    app.statuses.push(response.status);
    expect(response.status).toBe(401);
  });

  it('ignores a token in the query string or the body: no Authorization, no access', async () => {
    const query = await app.request('GET', `/users/me?access_token=${realToken}`);
    expect(query.status).toBe(401);
    expect(query.body.error).toBe('unauthorized');
    expect(query.headers.get('www-authenticate')).not.toContain('error=');
    const body = await app.request('POST', '/items', { json: { access_token: realToken } });
    expect(body.status).toBe(401);
  });

  it('accepts the scheme name in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const result = await app.request('GET', '/users/me', {
        headers: { authorization: `${scheme} ${realToken}` },
      });
      expect(result.status).toBe(200);
    }
  });
});
