import { createHash, generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { TEST_ADMIN_PASSWORD, useTestApp, type TestApp } from './support/app';
import { Browser, callbackParams, pkcePair } from './support/browser';
import { createClient, createUser } from './support/factories';
import { decodeToken } from './support/forge';

const CALLBACK = 'http://127.0.0.1:5174/callback';

/** The code flow of demo-spa in one browser, with `extra` parameters; the token response. */
async function signIn(
  app: TestApp,
  browser: Browser,
  extra: Record<string, string | undefined> = {},
  user = { username: 'johndoe', password: 'secret' },
  clientId = 'demo-spa',
) {
  const { verifier, challenge } = pkcePair();
  let page = await browser.authorize({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: 'openid profile email me',
    state: 'st',
    nonce: 'n-0S6_WzA2Mj',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  if (page.location?.includes('/login?')) {
    page = await browser.signIn(await browser.get(page.location), user.username, user.password);
  }
  if (page.location?.includes('/consent?')) {
    page = await browser.consent(await browser.get(page.location), 'allow');
  }
  const params = callbackParams(page.location);
  const tokens = await app.request('POST', '/token', {
    form: {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: params.code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    },
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; id_token?: string; refresh_token?: string };
}

/** OpenID Connect (docs/http-contract.md, OpenID Connect) over real HTTP. */
describe('OpenID Connect', () => {
  const app = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  it('publishes /.well-known/openid-configuration with the RFC 8414 values and OIDC’s members', async () => {
    const oidc = (await app.request('GET', '/.well-known/openid-configuration')).body;
    const oauth = (await app.request('GET', '/.well-known/oauth-authorization-server')).body;
    expect(oidc).toMatchObject(oauth);
    expect(oidc).toMatchObject({
      issuer: app.url,
      userinfo_endpoint: `${app.url}/userinfo`,
      end_session_endpoint: `${app.url}/logout`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
    });
    expect(oidc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
    for (const value of Object.values(oidc)) {
      if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
    }
  });

  it('issues an RS256 ID token with every claim, and refuses it as an access token', async () => {
    const tokens = await signIn(app, new Browser(app.url, app.statuses));
    const { header, payload } = decodeToken(tokens.id_token!);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const access = decodeToken(tokens.access_token).payload;
    const digest = createHash('sha256').update(tokens.access_token).digest();
    expect(payload).toEqual({
      iss: app.url,
      sub: access.sub,
      aud: 'demo-spa',
      iat: expect.any(Number),
      exp: (payload.iat as number) + 1800,
      auth_time: expect.any(Number),
      nonce: 'n-0S6_WzA2Mj',
      at_hash: digest.subarray(0, 16).toString('base64url'),
      amr: ['pwd'],
      sid: expect.any(String),
    });
    const asAccess = await app.request('GET', '/users/me', { token: tokens.id_token });
    expect(asAccess.status).toBe(401);
    expect(asAccess.body.error).toBe('invalid_token');
  });

  it('signs ES256 ID tokens for a client that registered it', async () => {
    await createClient(app, admin, {
      clientId: 'ec-app',
      name: 'EC app',
      type: 'public',
      grantTypes: ['authorization_code'],
      scopes: ['me'],
      redirectUris: [CALLBACK],
      consentRequired: false,
      idTokenSignedResponseAlg: 'ES256',
    });
    const tokens = await signIn(
      app,
      new Browser(app.url, app.statuses),
      { scope: 'openid' },
      undefined,
      'ec-app',
    );
    expect(decodeToken(tokens.id_token!).header.alg).toBe('ES256');
  });

  it('answers UserInfo by scope, by GET and by POST (header or form, never both)', async () => {
    await createUser(app, admin, { username: 'olga', scopes: ['me'] });
    const users = (await app.request('GET', '/users?limit=1000', { token: admin })).body;
    const olga = users.find((user: { username: string }) => user.username === 'olga');
    await app.request('PATCH', `/users/${olga.id}`, {
      token: admin,
      json: { email: 'olga@example.test', emailVerified: true, fullName: 'Olga <b>' },
    });
    const tokens = await signIn(
      app,
      new Browser(app.url, app.statuses),
      {},
      {
        username: 'olga',
        password: 'olga-password',
      },
    );
    const byGet = await app.request('GET', '/userinfo', { token: tokens.access_token });
    expect(byGet.status).toBe(200);
    expect(byGet.headers.get('cache-control')).toBe('no-store');
    expect(byGet.body).toEqual({
      sub: olga.id,
      name: 'Olga <b>',
      preferred_username: 'olga',
      updated_at: expect.any(Number),
      email: 'olga@example.test',
      email_verified: true,
    });
    const byForm = await app.request('POST', '/userinfo', {
      form: { access_token: tokens.access_token },
    });
    expect(byForm.body).toEqual(byGet.body);
    const both = await app.request('POST', '/userinfo', {
      token: tokens.access_token,
      form: { access_token: tokens.access_token },
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
    const none = await app.request('GET', '/userinfo');
    expect(none.status).toBe(401);
    const withoutOpenid = await app.token('olga', 'olga-password', 'me');
    const refused = await app.request('GET', '/userinfo', { token: withoutOpenid });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="openid"');
    const onlyOpenid = await app.token('olga', 'olga-password', 'openid');
    expect((await app.request('GET', '/userinfo', { token: onlyOpenid })).body).toEqual({
      sub: olga.id,
    });
  });

  it('returns a new ID token on refresh, with the same sub, auth_time and sid and no nonce', async () => {
    const tokens = await signIn(app, new Browser(app.url, app.statuses));
    const refreshed = await app.request('POST', '/token', {
      form: {
        grant_type: 'refresh_token',
        client_id: 'demo-spa',
        refresh_token: tokens.refresh_token!,
      },
    });
    const first = decodeToken(tokens.id_token!).payload;
    const again = decodeToken(refreshed.body.id_token).payload;
    expect(again).toMatchObject({ sub: first.sub, auth_time: first.auth_time, sid: first.sid });
    expect(again.nonce).toBeUndefined();
  });

  describe('/authorize with OpenID Connect’s parameters', () => {
    const authorize = (browser: Browser, extra: Record<string, string | undefined>) =>
      browser.authorize({
        response_type: 'code',
        client_id: 'demo-spa',
        redirect_uri: CALLBACK,
        scope: 'openid',
        state: 's',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        ...extra,
      });

    it.each([
      ['a nonce of 1000 characters', 'invalid_request', { nonce: 'n'.repeat(1000) }],
      ['a nonce with a control character', 'invalid_request', { nonce: 'a\u0001b' }],
      ['max_age=abc', 'invalid_request', { max_age: 'abc' }],
      ['a request object', 'request_not_supported', { request: 'eyJhbGciOiJub25lIn0.e30.' }],
      ['a request_uri', 'request_uri_not_supported', { request_uri: 'https://rp.example/r' }],
      ['a forged id_token_hint', 'invalid_request', { id_token_hint: 'eyJhbGciOiJub25lIn0.e30.' }],
    ])('refuses %s by redirect (%s)', async (_name, error, extra) => {
      const page = await authorize(new Browser(app.url, app.statuses), extra);
      expect(page.status).toBe(302);
      expect(callbackParams(page.location)).toMatchObject({ error, state: 's', iss: app.url });
    });

    it('never takes an access token for an ID token (id_token_hint)', async () => {
      const access = await app.token('johndoe', 'secret', 'me');
      const page = await authorize(new Browser(app.url, app.statuses), { id_token_hint: access });
      expect(callbackParams(page.location).error).toBe('invalid_request');
    });

    it('refuses an id_token_hint of another issuer', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const foreign = sign({ sub: 'x', aud: 'demo-spa' }, privateKey, {
        algorithm: 'RS256',
        issuer: 'https://elsewhere.example',
        keyid: 'nope',
      });
      const page = await authorize(new Browser(app.url, app.statuses), { id_token_hint: foreign });
      expect(callbackParams(page.location).error).toBe('invalid_request');
    });

    it('answers login_required when the hint names another user than the session’s', async () => {
      await createUser(app, admin, { username: 'pia', scopes: ['me'] });
      const theirs = await signIn(
        app,
        new Browser(app.url, app.statuses),
        {},
        {
          username: 'pia',
          password: 'pia-password',
        },
      );
      const browser = new Browser(app.url, app.statuses);
      const mine = await signIn(app, browser);
      expect((await authorize(browser, { id_token_hint: mine.id_token })).location).toContain(
        'code=',
      );
      const other = await authorize(browser, { id_token_hint: theirs.id_token });
      expect(callbackParams(other.location).error).toBe('login_required');
    });

    it('needs redirect_uri with openid, pre-fills login_hint, and ignores display and ui_locales', async () => {
      const missing = await authorize(new Browser(app.url, app.statuses), {
        redirect_uri: undefined,
      });
      expect(missing.status).toBe(400); // demo-spa has two redirect URIs: a page
      const single = await new Browser(app.url, app.statuses).authorize({
        response_type: 'code',
        client_id: 'ec-app',
        scope: 'openid',
        state: 's',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      });
      expect(callbackParams(single.location)).toMatchObject({
        error: 'invalid_request',
        error_description: expect.stringContaining('redirect_uri'),
      });
      const browser = new Browser(app.url, app.statuses);
      const started = await authorize(browser, {
        login_hint: 'johndoe"><x>',
        display: 'popup',
        ui_locales: 'fr',
        acr_values: 'x',
        prompt: 'select_account',
      });
      const login = await browser.get(started.location!);
      expect(login.fields.username).toBe('johndoe"><x>');
      expect(login.text).not.toContain('<x>');
    });
  });

  describe('/logout (RP-Initiated Logout)', () => {
    it('shows a page, never a redirect, for an unregistered URI, one with another query or a fragment', async () => {
      for (const uri of [
        'https://evil.example/',
        'https://demo-spa.example/signed-out?x=1',
        'https://demo-spa.example/signed-out#f',
      ]) {
        const page = await new Browser(app.url, app.statuses).get(
          `/logout?client_id=demo-spa&post_logout_redirect_uri=${encodeURIComponent(uri)}`,
        );
        expect(page.status).toBe(400);
        expect(page.location).toBeNull();
      }
      const forged = await new Browser(app.url, app.statuses).get('/logout?id_token_hint=abc');
      expect(forged.status).toBe(400);
    });

    it('without a session goes straight back; twice is harmless', async () => {
      const browser = new Browser(app.url, app.statuses);
      for (let i = 0; i < 2; i++) {
        const page = await browser.get(
          '/logout?client_id=demo-spa&post_logout_redirect_uri=https%3A%2F%2Fdemo-spa.example%2Fsigned-out&state=z',
        );
        expect(page.status).toBe(302);
        expect(page.location).toBe('https://demo-spa.example/signed-out?state=z');
      }
    });
  });
});
