import { AccessTokenVerifier } from '@scopegate/resource-server';
import { KeyStore } from '../src/keys/key-store';
import { TEST_ADMIN_PASSWORD, useTestApp } from './support/app';
import { decodeToken, forge, validClaims } from './support/forge';
import { DEMO_SERVICE, basic, login, postForm } from './support/oauth';
import { createClient } from './support/factories';

/** POST /introspect (RFC 7662): who may ask, and what an active or inactive token looks like. */
describe('POST /introspect', () => {
  const app = useTestApp();
  const demo = basic(DEMO_SERVICE.id, DEMO_SERVICE.secret);
  /** With demo-service's credentials unless told otherwise (null: none). */
  const introspect = (form: Record<string, string>, authorization: string | null = demo) =>
    postForm(app, '/introspect', form, authorization ?? undefined);

  it('describes an active access token, with no-store', async () => {
    const { access } = await login(app, 'me items');
    const claims = decodeToken(access).payload;
    const result = await introspect({ token: access });
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.body).toEqual({
      active: true,
      scope: 'me items',
      client_id: 'first-party',
      username: 'johndoe',
      token_type: 'bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: 'scopegate-api',
      iss: app.url,
      jti: claims.jti,
    });
  });

  it('checks a token’s signature once, however often it is introspected, and still sees a revocation', async () => {
    const { access } = await login(app, 'me');
    const verifier = app.app.get(AccessTokenVerifier);
    const keyLookups = jest.spyOn(verifier, 'keyFor');
    try {
      for (let i = 0; i < 3; i++)
        expect((await introspect({ token: access })).body.active).toBe(true);
      expect(keyLookups).toHaveBeenCalledTimes(1);
      expect((await postForm(app, '/revoke', { token: access })).status).toBe(200);
      expect((await introspect({ token: access })).body).toEqual({ active: false });
    } finally {
      keyLookups.mockRestore();
    }
  });

  it('describes an active refresh token, found with or without the right hint', async () => {
    const { refresh } = await login(app, 'me');
    for (const hint of <Record<string, string>[]>[
      {},
      { token_type_hint: 'refresh_token' },
      { token_type_hint: 'access_token' },
    ]) {
      const result = await introspect({ token: refresh, ...hint });
      expect(result.body).toMatchObject({
        active: true,
        scope: 'me',
        client_id: 'first-party',
        username: 'johndoe',
        token_type: 'refresh_token',
      });
      expect(result.body.exp).toBeGreaterThan(Date.now() / 1000);
    }
  });

  it('describes a client’s own token without a username', async () => {
    const own = await postForm(app, '/token', { grant_type: 'client_credentials' }, demo);
    const result = await introspect({ token: own.body.access_token });
    expect(result.body).toMatchObject({
      active: true,
      sub: 'demo-service',
      client_id: 'demo-service',
    });
    expect(result.body).not.toHaveProperty('username');
  });

  it('answers exactly {"active":false} to revoked, rotated, forged, expired and garbage tokens', async () => {
    const revoked = await login(app, 'me');
    await postForm(app, '/revoke', { token: revoked.access });
    const rotated = await login(app, 'me');
    await postForm(app, '/token', { grant_type: 'refresh_token', refresh_token: rotated.refresh });
    const signing = app.app.get(KeyStore).current();
    const now = Math.floor(Date.now() / 1000);
    const sub = decodeToken(revoked.access).payload.sub;
    const expired = forge({
      header: { alg: signing.algorithm, typ: 'at+jwt', kid: signing.kid },
      payload: { ...validClaims(sub), iat: now - 7200, exp: now - 60 },
      signWith: signing.algorithm,
      key: signing.privateKey,
    });
    const forged = forge({
      header: { alg: 'HS256', typ: 'at+jwt', kid: signing.kid },
      payload: validClaims(sub),
      signWith: 'HS256',
      key: 'guess',
    });
    for (const token of [
      revoked.access,
      rotated.refresh,
      expired,
      forged,
      'garbage',
      'a.b.c',
      'x'.repeat(10_000),
    ]) {
      const result = await introspect({ token });
      expect({ token: token.slice(0, 20), status: result.status, body: result.body }).toEqual({
        token: token.slice(0, 20),
        status: 200,
        body: { active: false },
      });
    }
  });

  it('answers {"active":false} for the tokens of a disabled user', async () => {
    const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const created = await app.request('POST', '/users', {
      token: admin,
      json: { username: 'judy', password: 'judy-password', scopes: ['me'] },
    });
    const judy = await login(app, 'me', { username: 'judy', password: 'judy-password' });
    await app.request('PATCH', `/users/${created.body.id}`, {
      token: admin,
      json: { disabled: true },
    });
    expect((await introspect({ token: judy.access })).body).toEqual({ active: false });
    expect((await introspect({ token: judy.refresh })).body).toEqual({ active: false });
  });

  it('answers 401 invalid_client without client authentication, or to a client that may not introspect', async () => {
    const { access } = await login(app, 'me');
    const anonymous = await introspect({ token: access }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const wrong = await introspect({ token: access }, basic(DEMO_SERVICE.id, 'wrong-secret'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="scopegate"');
    const admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const secret = await createClient(app, admin, {
      clientId: 'no-introspection',
      name: 'Not allowed',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: [],
    });
    const notAllowed = await introspect({ token: access }, basic('no-introspection', secret!));
    expect(notAllowed.status).toBe(401);
    expect(notAllowed.body).toEqual({
      error: 'invalid_client',
      error_description: 'This client may not introspect tokens',
    });
  });

  it('answers 400 invalid_request to a missing token, and 405 to GET', async () => {
    const missing = await introspect({});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    const get = await app.request('GET', '/introspect');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
