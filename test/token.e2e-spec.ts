import { decodeToken } from './support/forge';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';

describe('POST /token (RFC 6749 password grant)', () => {
  const app = useTestApp();
  const grant = (fields: Record<string, string>) => app.request('POST', '/token', { form: fields });
  const johndoe = { grant_type: 'password', username: 'johndoe', password: 'secret' };

  it('issues a bearer token with the requested scopes and no-store headers', async () => {
    const result = await grant({ ...johndoe, scope: 'me items' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 1800,
      scope: 'me items',
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.headers.get('pragma')).toBe('no-cache');
  });

  it('issues an RFC 9068 access token: typ at+jwt, ES256 with kid, iss, aud, sub, exp, iat, jti, scope', async () => {
    const result = await grant({ ...johndoe, scope: 'me' });
    const { header, payload } = decodeToken(result.body.access_token);
    const me = await app.request('GET', '/users/me', { token: result.body.access_token });
    const jwks = await app.request('GET', '/.well-known/jwks.json');
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: jwks.body.keys[0].kid });
    expect(payload).toMatchObject({
      iss: app.url,
      aud: 'scopegate-api',
      sub: me.body.id,
      scope: 'me',
      client_id: 'first-party',
      jti: expect.any(String),
    });
    // NumericDates in whole seconds (RFC 7519 §2), as every client library expects.
    expect(Number.isInteger(payload.iat)).toBe(true);
    expect(Number.isInteger(payload.exp)).toBe(true);
    expect(payload.exp - payload.iat).toBe(1800);
  });

  it('grants no scope when scope is omitted or empty', async () => {
    for (const fields of [johndoe, { ...johndoe, scope: '' }]) {
      const result = await grant(fields);
      expect(result.status).toBe(200);
      expect(result.body.scope).toBe('');
      expect(decodeToken(result.body.access_token).payload.scope).toBe('');
    }
  });

  it('drops requested scopes the user may not hold, and says what was granted', async () => {
    const result = await grant({ ...johndoe, scope: 'me users:read items:delete items' });
    expect(result.status).toBe(200);
    expect(result.body.scope).toBe('me items');
  });

  it('grants scopes implied by what the user may hold (admin may be granted anything)', async () => {
    const result = await grant({
      grant_type: 'password',
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
      scope: 'items:delete users:read me',
    });
    expect(result.body.scope).toBe('items:delete users:read me');
  });

  it('matches the username whatever its case', async () => {
    const result = await grant({ ...johndoe, username: 'JohnDoe', scope: 'me' });
    expect(result.status).toBe(200);
  });

  it.each([
    ['an unknown scope', 'me photos:read', 'Unknown scope "photos:read"'],
    ['a malformed scope', 'me "items"', 'Malformed scope'],
    ['a scope with a backslash', 'me\\items', 'Malformed scope'],
  ])('answers 400 invalid_scope for %s', async (_, scope, description) => {
    const result = await grant({ ...johndoe, scope });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_scope');
    expect(result.body.error_description).toContain(description);
  });

  it('answers 400 unsupported_grant_type to another grant type', async () => {
    const result = await grant({
      ...johndoe,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('unsupported_grant_type');
  });

  it('is public: it needs no bearer token and ignores a bad one', async () => {
    const result = await app.request('POST', '/token', {
      form: { ...johndoe, scope: 'me' },
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(result.status).toBe(200);
  });
});
