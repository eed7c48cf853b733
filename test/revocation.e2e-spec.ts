import { expectNoServerErrors, startApp, useTestApp } from './support/app';
import { decodeToken, forge, validClaims } from './support/forge';
import { KeyStore } from '../src/keys/key-store';
import { DEMO_SERVICE, basic, login, postForm } from './support/oauth';

/** POST /revoke (RFC 7009): access and refresh tokens, per client, and what a revoked token gets. */
describe('POST /revoke', () => {
  const app = useTestApp();

  const revoke = (form: Record<string, string>) => app.request('POST', '/revoke', { form });

  it('revokes an access token: 200 with no body, and the token is refused from then on', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    const other = await app.token('johndoe', 'secret', 'me');
    expect((await app.request('GET', '/users/me', { token })).status).toBe(200);

    const result = await revoke({ token, token_type_hint: 'access_token' });
    expect(result.status).toBe(200);
    expect(result.text).toBe('');
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.headers.get('pragma')).toBe('no-cache');

    const refused = await app.request('GET', '/users/me', { token });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token was revoked',
    });
    // The user's other tokens are not affected.
    expect((await app.request('GET', '/users/me', { token: other })).status).toBe(200);
  });

  it.each([
    ['a wrong hint', { token_type_hint: 'refresh_token' }],
    ['a hint it does not know', { token_type_hint: 'id_token' }],
    ['no hint', {}],
  ])('finds the token with %s', async (_, hint) => {
    const token = await app.token('johndoe', 'secret', 'me');
    expect((await revoke({ token, ...hint })).status).toBe(200);
    expect((await app.request('GET', '/users/me', { token })).status).toBe(401);
  });

  it('answers 200 to garbage, an already revoked token, an expired one and a forged one', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    expect((await revoke({ token })).status).toBe(200);
    expect((await revoke({ token })).status).toBe(200);
    const signing = app.app.get(KeyStore).current();
    const now = Math.floor(Date.now() / 1000);
    const expired = forge({
      header: { alg: signing.algorithm, typ: 'at+jwt', kid: signing.kid },
      payload: { ...validClaims(decodeToken(token).payload.sub), iat: now - 7200, exp: now - 60 },
      signWith: signing.algorithm,
      key: signing.privateKey,
    });
    for (const garbage of ['not-a-token', 'a.b.c', expired, 'x'.repeat(5000)]) {
      const result = await revoke({ token: garbage });
      expect(result.status).toBe(200);
      expect(result.text).toBe('');
    }
  });

  it.each([
    ['no token', { body: 'token_type_hint=access_token', form: true }, 'Missing parameter: token'],
    ['an empty token', { body: 'token=', form: true }, 'Missing parameter: token'],
    [
      'the token twice',
      { body: 'token=a&token=b', form: true },
      'Parameter token must be sent exactly once',
    ],
    ['a JSON body', { body: '{"token":"a"}', form: false }, 'application/x-www-form-urlencoded'],
  ])('answers 400 invalid_request to %s', async (_, request, description) => {
    const result = await app.request('POST', '/revoke', {
      body: request.body,
      headers: {
        'content-type': request.form ? 'application/x-www-form-urlencoded' : 'application/json',
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_request');
    expect(result.body.error_description).toContain(description);
    expect(result.headers.get('cache-control')).toBe('no-store');
  });

  it('revokes a refresh token: its session ends, with the access tokens issued from it', async () => {
    const first = await login(app, 'me');
    const rotated = await postForm(app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh,
    });
    for (const hint of [{ token_type_hint: 'access_token' }]) {
      // A wrong hint still finds it.
      expect((await revoke({ token: rotated.body.refresh_token, ...hint })).status).toBe(200);
    }
    const refused = await postForm(app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token,
    });
    expect(refused.body.error).toBe('invalid_grant');
    expect(
      (await app.request('GET', '/users/me', { token: rotated.body.access_token })).status,
    ).toBe(401);
  });

  it('leaves another client’s tokens alone, still answering 200', async () => {
    const { access, refresh } = await login(app, 'me');
    const demo = basic(DEMO_SERVICE.id, DEMO_SERVICE.secret);
    expect((await postForm(app, '/revoke', { token: access }, demo)).status).toBe(200);
    expect((await postForm(app, '/revoke', { token: refresh }, demo)).status).toBe(200);
    expect((await app.request('GET', '/users/me', { token: access })).status).toBe(200);
    const service = await postForm(app, '/token', { grant_type: 'client_credentials' }, demo);
    // The first-party client (no credentials) may not revoke demo-service's token either.
    expect((await revoke({ token: service.body.access_token })).status).toBe(200);
    expect((await app.request('GET', '/items', { token: service.body.access_token })).status).toBe(
      200,
    );
    // demo-service revokes its own.
    expect(
      (await postForm(app, '/revoke', { token: service.body.access_token }, demo)).status,
    ).toBe(200);
    expect((await app.request('GET', '/items', { token: service.body.access_token })).status).toBe(
      401,
    );
    const rotated = await postForm(app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: refresh,
    });
    expect(rotated.status).toBe(200);
  });

  it('authenticates the client as /token does: a wrong secret is 401 invalid_client', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    const result = await postForm(app, '/revoke', { token }, basic(DEMO_SERVICE.id, 'wrong'));
    expect(result.status).toBe(401);
    expect(result.body.error).toBe('invalid_client');
    expect(result.headers.get('www-authenticate')).toBe('Basic realm="scopegate"');
    expect((await app.request('GET', '/users/me', { token })).status).toBe(200);
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const result = await app.request('GET', '/revoke');
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBe('POST');
  });

  it('is listed in the authorization server metadata', async () => {
    const metadata = (await app.request('GET', '/.well-known/oauth-authorization-server')).body;
    expect(metadata.revocation_endpoint).toBe(`${app.url}/revoke`);
  });

  it('keeps revocations across a restart: another instance on the same database refuses the token', async () => {
    const token = await app.token('johndoe', 'secret', 'me');
    expect((await revoke({ token })).status).toBe(200);
    const other = await startApp({
      DATABASE_URL: process.env.DATABASE_URL!,
      DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? '',
      ISSUER: app.url,
    });
    try {
      const refused = await other.request('GET', '/users/me', { token });
      expect(refused.status).toBe(401);
      expect(refused.body.error_description).toBe('The access token was revoked');
    } finally {
      await other.close();
      expectNoServerErrors(other);
    }
  });
});
