import { randomUUID } from 'node:crypto';
import { forgeToken } from './support/tokens';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';

describe('protected routes (RFC 6750 bearer errors)', () => {
  const app = useTestApp();
  let johndoeId: string;
  let goodToken: string;

  beforeAll(async () => {
    goodToken = await app.token('johndoe', 'secret', 'me items');
    johndoeId = (await app.request('GET', '/users/me', { token: goodToken })).body.id;
  });

  const expectInvalidToken = (result: { status: number; headers: Headers; body: any }) => {
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_token');
    expect(result.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="scopegate", error="invalid_token", error_description="[^"]+"$/,
    );
  };

  it('answers 401 with a bare Bearer challenge, naming the required scopes, without a token', async () => {
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

  it('accepts the scheme name in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const result = await app.request('GET', '/status/', {
        headers: { authorization: `${scheme} ${goodToken}` },
      });
      expect(result.status).toBe(200);
    }
  });

  it('ignores a token in the query string', async () => {
    const result = await app.request('GET', `/status/?access_token=${goodToken}`);
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Bearer realm="scopegate"');
  });

  it.each([
    ['another scheme', 'Basic am9objpzZWNyZXQ='],
    ['a scheme without token', 'Bearer'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('answers 401 invalid_token to %s', async (_, authorization) => {
    expectInvalidToken(await app.request('GET', '/status/', { headers: { authorization } }));
  });

  it('answers 401 invalid_token to a token signed with another key', async () => {
    const token = forgeToken(
      { sub: johndoeId, scope: 'me' },
      { secret: 'another-secret-of-sufficient-length!!' },
    );
    expectInvalidToken(await app.request('GET', '/users/me', { token }));
  });

  it('answers 401 invalid_token to an expired token', async () => {
    const token = forgeToken({
      sub: johndoeId,
      scope: 'me',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const result = await app.request('GET', '/users/me', { token });
    expectInvalidToken(result);
    expect(result.body.error_description).toBe('The access token expired');
  });

  it.each([
    ['another algorithm (HS512)', { algorithm: 'HS512' as const }],
    ['another issuer', { issuer: 'evil' }],
    ['another audience', { audience: 'other-api' }],
  ])('answers 401 invalid_token to %s', async (_, options) => {
    const token = forgeToken({ sub: johndoeId, scope: 'me' }, options);
    expectInvalidToken(await app.request('GET', '/users/me', { token }));
  });

  it('answers 401 invalid_token to a token whose typ is not at+jwt', async () => {
    const token = forgeToken(
      { sub: johndoeId, scope: 'me' },
      { header: { alg: 'HS256', typ: 'JWT' } },
    );
    const result = await app.request('GET', '/users/me', { token });
    expectInvalidToken(result);
    expect(result.body.error_description).toContain('typ');
  });

  it('answers 401 invalid_token to a token of a user that does not exist', async () => {
    const token = forgeToken({ sub: randomUUID(), scope: 'me' });
    expectInvalidToken(await app.request('GET', '/users/me', { token }));
  });

  it('accepts a token forged with the right key and claims (the test helper is faithful)', async () => {
    const token = forgeToken({ sub: johndoeId, scope: 'me' });
    expect((await app.request('GET', '/users/me', { token })).status).toBe(200);
  });

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

  it('stops accepting the tokens of a user as soon as they are disabled, and again once enabled', async () => {
    const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'users:write');
    const created = await app.request('POST', '/users', {
      token: admin,
      json: { username: 'carol', password: 'carol-password', scopes: ['me'] },
    });
    expect(created.status).toBe(201);
    const carol = await app.token('carol', 'carol-password', 'me');
    expect((await app.request('GET', '/users/me', { token: carol })).status).toBe(200);

    await app.request('PATCH', `/users/${created.body.id}`, {
      token: admin,
      json: { disabled: true },
    });
    expectInvalidToken(await app.request('GET', '/users/me', { token: carol }));

    await app.request('PATCH', `/users/${created.body.id}`, {
      token: admin,
      json: { disabled: false },
    });
    expect((await app.request('GET', '/users/me', { token: carol })).status).toBe(200);
  });

  it('limits existing tokens to the scopes the user may still hold', async () => {
    const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'users:write');
    const created = await app.request('POST', '/users', {
      token: admin,
      json: { username: 'dave', password: 'dave-password', scopes: ['me', 'items'] },
    });
    const dave = await app.token('dave', 'dave-password', 'me items');
    expect((await app.request('GET', '/users/me/items', { token: dave })).status).toBe(200);

    await app.request('PATCH', `/users/${created.body.id}`, {
      token: admin,
      json: { scopes: ['me'] },
    });
    expect((await app.request('GET', '/users/me/items', { token: dave })).status).toBe(403);
    expect((await app.request('GET', '/users/me', { token: dave })).status).toBe(200);
  });
});
