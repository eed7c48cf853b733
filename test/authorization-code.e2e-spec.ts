import { createHash } from 'node:crypto';
import { TEST_ADMIN_PASSWORD, useTestApp, type TestApp } from './support/app';
import { Browser, callbackParams, pkcePair, type BrowserPage } from './support/browser';
import { createClient, createUser } from './support/factories';
import { decodeToken } from './support/forge';

const SPA = 'demo-spa';
const CALLBACK = 'http://127.0.0.1:5173/callback';

/** A browser of this app whose every status the suite checks for 5xx. */
const browserOf = (app: TestApp) => new Browser(app.url, app.statuses);

/** The parameters of a good request of demo-spa (override or drop any with `undefined`). */
function codeRequest(challenge: string, overrides: Record<string, string | undefined> = {}) {
  return {
    response_type: 'code',
    client_id: SPA,
    redirect_uri: CALLBACK,
    scope: 'me items',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** A code exchange of demo-spa (a public client: it names itself). */
const exchange = (
  app: TestApp,
  code: string,
  verifier: string,
  extra: Record<string, string> = {},
) =>
  app.request('POST', '/token', {
    form: {
      grant_type: 'authorization_code',
      client_id: SPA,
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
      ...extra,
    },
  });

/**
 * The whole flow in one browser: authorize, sign in, consent when asked; the callback's
 * parameters and the verifier.
 */
async function signInForCode(
  app: TestApp,
  browser: Browser,
  options: {
    username?: string;
    password?: string;
    params?: Record<string, string | undefined>;
  } = {},
): Promise<{ params: Record<string, string>; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  let page = await browser.authorize(codeRequest(challenge, options.params));
  if (page.location?.includes('/login?')) {
    const login = await browser.get(page.location);
    page = await browser.signIn(login, options.username ?? 'johndoe', options.password ?? 'secret');
  }
  if (page.location?.includes('/consent?')) {
    page = await browser.consent(await browser.get(page.location), 'allow');
  }
  return { params: callbackParams(page.location), verifier };
}

function expectPageHeaders(page: BrowserPage): void {
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('x-frame-options')).toBe('DENY');
  const csp = page.headers.get('content-security-policy')!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('form-action');
  expect(page.headers.get('referrer-policy')).toBe('same-origin');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(page.headers.get('access-control-allow-origin')).toBeNull();
}

/** The authorization-code flow with PKCE (docs/http-contract.md, Authorization code). */
describe('the authorization-code flow', () => {
  const app = useTestApp({ CORS_ORIGINS: 'https://spa.example' });
  let admin: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  describe('end to end', () => {
    it('signs a user in, asks consent, and trades the code for tokens', async () => {
      const browser = browserOf(app);
      const { verifier, challenge } = pkcePair();
      const started = await browser.authorize(codeRequest(challenge));
      expect(started.status).toBe(302);
      expect(started.location).toMatch(
        new RegExp(`^${app.url}/login\\?request_id=[A-Za-z0-9_-]{43}$`),
      );
      const login = await browser.get(started.location!);
      expect(login.status).toBe(200);
      expect(login.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectPageHeaders(login);
      expect(login.text).toContain('Demo single-page app');
      // The CSP allows the page's one inline style by its hash, and no script at all.
      const style = /<style>([\s\S]*?)<\/style>/.exec(login.text)![1];
      const hash = createHash('sha256').update(style).digest('base64');
      expect(login.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
      expect(login.text).not.toContain('<script');
      const signedIn = await browser.signIn(login, 'johndoe', 'secret');
      expect(signedIn.status).toBe(303);
      expect(signedIn.location).toContain('/consent?request_id=');
      const consent = await browser.get(signedIn.location!);
      expect(consent.status).toBe(200);
      expectPageHeaders(consent);
      expect(consent.text).toContain('<code>me</code>: Read information about the current user');
      expect(consent.text).toContain('<code>items</code>');
      const allowed = await browser.consent(consent, 'allow');
      expect(allowed.status).toBe(303);
      const params = callbackParams(allowed.location);
      expect(allowed.location!.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(params).toEqual({
        code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        state: 'state-1',
        iss: app.url,
      });

      const tokens = await exchange(app, params.code, verifier);
      expect(tokens.status).toBe(200);
      expect(tokens.headers.get('cache-control')).toBe('no-store');
      expect(tokens.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 1800,
        scope: 'me items',
        refresh_token: expect.any(String),
      });
      const me = await app.request('GET', '/users/me', { token: tokens.body.access_token });
      expect(me.status).toBe(200);
      expect(decodeToken(tokens.body.access_token).payload).toMatchObject({
        sub: me.body.id,
        client_id: SPA,
        scope: 'me items',
        iss: app.url,
      });
      const refreshed = await app.request('POST', '/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: SPA,
          refresh_token: tokens.body.refresh_token,
        },
      });
      expect(refreshed.status).toBe(200);
    });

    it('keeps state byte-exact: + / = & and non-ASCII', async () => {
      const state = 'a+b/c=d&e f%20é🙂';
      const { params } = await signInForCode(app, browserOf(app), { params: { state } });
      expect(params.state).toBe(state);
    });

    it('accepts a loopback redirect URI on another port, and refuses another path', async () => {
      const browser = browserOf(app);
      const { params } = await signInForCode(app, browser, {
        params: { redirect_uri: 'http://127.0.0.1:40123/callback' },
      });
      expect(params.code).toBeDefined();
      const other = await browser.authorize(
        codeRequest(pkcePair().challenge, { redirect_uri: 'http://127.0.0.1:40123/other' }),
      );
      expect(other.status).toBe(400);
      expect(other.location).toBeNull();
    });

    it('single sign-on: a second /authorize skips the login page, and consent once given', async () => {
      const browser = browserOf(app);
      await signInForCode(app, browser, { username: 'johndoe' });
      const again = await browser.authorize(codeRequest(pkcePair().challenge));
      expect(again.status).toBe(302);
      expect(callbackParams(again.location).code).toBeDefined();
    });

    it('prompt=login and max_age=0 show the login page again; prompt=consent the consent page', async () => {
      const browser = browserOf(app);
      await signInForCode(app, browser);
      for (const extra of [{ prompt: 'login' }, { max_age: '0' }]) {
        const page = await browser.authorize(codeRequest(pkcePair().challenge, extra));
        expect(page.location).toContain('/login?');
      }
      const consent = await browser.authorize(
        codeRequest(pkcePair().challenge, { prompt: 'consent' }),
      );
      expect(consent.location).toContain('/consent?');
      const longAgo = await browser.authorize(
        codeRequest(pkcePair().challenge, { max_age: '3600' }),
      );
      expect(callbackParams(longAgo.location).code).toBeDefined();
    });

    it('prompt=none: login_required without a session, consent_required without consent', async () => {
      const browser = browserOf(app);
      const none = await browser.authorize(
        codeRequest(pkcePair().challenge, { prompt: 'none', state: 's' }),
      );
      expect(none.status).toBe(302);
      expect(callbackParams(none.location)).toEqual({
        error: 'login_required',
        error_description: expect.any(String),
        state: 's',
        iss: app.url,
      });
      await createUser(app, admin, {
        username: 'quiet-carol',
        password: 'carol-password',
        scopes: ['me', 'items'],
      });
      const login = await browser.get(
        (await browser.authorize(codeRequest(pkcePair().challenge))).location!,
      );
      await browser.signIn(login, 'quiet-carol', 'carol-password');
      const noConsent = await browser.authorize(
        codeRequest(pkcePair().challenge, { prompt: 'none' }),
      );
      expect(callbackParams(noConsent.location).error).toBe('consent_required');
    });

    it('asks consent again for a new scope; deny is access_denied; cancel on the login page too', async () => {
      const browser = browserOf(app);
      await createUser(app, admin, {
        username: 'dora',
        password: 'dora-password',
        scopes: ['me', 'items'],
      });
      await signInForCode(app, browser, {
        username: 'dora',
        password: 'dora-password',
        params: { scope: 'me' },
      });
      const same = await browser.authorize(codeRequest(pkcePair().challenge, { scope: 'me' }));
      expect(callbackParams(same.location).code).toBeDefined();
      const wider = await browser.authorize(
        codeRequest(pkcePair().challenge, { scope: 'me items' }),
      );
      expect(wider.location).toContain('/consent?');
      const denied = await browser.consent(await browser.get(wider.location!), 'deny');
      expect(denied.status).toBe(303);
      expect(callbackParams(denied.location)).toMatchObject({
        error: 'access_denied',
        state: 'state-1',
        iss: app.url,
      });

      const fresh = browserOf(app);
      const login = await fresh.get(
        (await fresh.authorize(codeRequest(pkcePair().challenge))).location!,
      );
      const cancelled = await fresh.post('/login', {
        request_id: login.fields.request_id,
        csrf_token: login.fields.csrf_token,
        action: 'cancel',
      });
      expect(cancelled.status).toBe(303);
      expect(callbackParams(cancelled.location).error).toBe('access_denied');
    });

    it('never asks consent for a client registered without it', async () => {
      await createClient(app, admin, {
        clientId: 'internal-tool',
        name: 'Internal tool',
        type: 'public',
        grantTypes: ['authorization_code'],
        scopes: ['me'],
        redirectUris: ['https://tool.example/cb'],
        consentRequired: false,
      });
      const browser = browserOf(app);
      const { verifier, challenge } = pkcePair();
      const login = await browser.get(
        (
          await browser.authorize({
            ...codeRequest(challenge),
            client_id: 'internal-tool',
            redirect_uri: undefined,
            scope: 'me',
          })
        ).location!,
      );
      const done = await browser.signIn(login, 'johndoe', 'secret');
      const params = callbackParams(done.location);
      expect(done.location!.startsWith('https://tool.example/cb?')).toBe(true);
      const tokens = await app.request('POST', '/token', {
        form: {
          grant_type: 'authorization_code',
          client_id: 'internal-tool',
          code: params.code,
          code_verifier: verifier,
        },
      });
      expect(tokens.status).toBe(200);
      expect(tokens.body.refresh_token).toBeUndefined();
    });
  });

  describe('GET /authorize: errors before the client and redirect URI are known good are pages', () => {
    const cases: [string, Record<string, string | undefined>][] = [
      ['client_id missing', { client_id: undefined }],
      ['client_id unknown', { client_id: 'nobody' }],
      ['redirect_uri not registered', { redirect_uri: 'https://evil.example/callback' }],
      ['redirect_uri malformed', { redirect_uri: 'not a uri' }],
      ['redirect_uri with a fragment', { redirect_uri: `${CALLBACK}#x` }],
      ['redirect_uri omitted while the client has two', { redirect_uri: undefined }],
    ];
    it.each(cases)('%s → 400 page, no Location', async (_name, overrides) => {
      const page = await browserOf(app).authorize(codeRequest(pkcePair().challenge, overrides));
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectPageHeaders(page);
    });

    it('a repeated client_id or redirect_uri → 400 page', async () => {
      const browser = browserOf(app);
      const base = new URLSearchParams(codeRequest(pkcePair().challenge));
      for (const name of ['client_id', 'redirect_uri']) {
        const query = new URLSearchParams(base);
        query.append(name, query.get(name)!);
        const page = await browser.get(`/authorize?${query.toString()}`);
        expect(page.status).toBe(400);
        expect(page.location).toBeNull();
      }
    });

    it('a disabled client → 400 page', async () => {
      await createClient(app, admin, {
        clientId: 'off-spa',
        name: 'Off',
        type: 'public',
        grantTypes: ['authorization_code'],
        scopes: ['me'],
        redirectUris: [CALLBACK],
        disabled: true,
      });
      const page = await browserOf(app).authorize(
        codeRequest(pkcePair().challenge, { client_id: 'off-spa' }),
      );
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
    });
  });

  describe('GET /authorize: every other error goes back to the client', () => {
    const challenge = pkcePair().challenge;
    const cases: [string, string, Record<string, string | undefined>][] = [
      ['no code_challenge', 'invalid_request', { code_challenge: undefined }],
      ['no code_challenge_method', 'invalid_request', { code_challenge_method: undefined }],
      ['plain', 'invalid_request', { code_challenge_method: 'plain' }],
      ['a short challenge', 'invalid_request', { code_challenge: 'abc' }],
      [
        'a challenge with a bad character',
        'invalid_request',
        { code_challenge: `${challenge.slice(0, 42)}+` },
      ],
      ['a bad max_age', 'invalid_request', { max_age: '-1' }],
      ['prompt=none with another value', 'invalid_request', { prompt: 'none login' }],
      ['an unknown prompt', 'invalid_request', { prompt: 'choose_for_me' }],
      ['no response_type', 'invalid_request', { response_type: undefined }],
      ['response_type=token', 'unsupported_response_type', { response_type: 'token' }],
      ['an unknown scope', 'invalid_scope', { scope: 'me nope' }],
      ['a scope the client may not be granted', 'invalid_scope', { scope: 'admin' }],
    ];
    it.each(cases)('%s → %s', async (_name, error, overrides) => {
      const page = await browserOf(app).authorize(
        codeRequest(challenge, { state: 'x/y+z=', ...overrides }),
      );
      expect(page.status).toBe(302);
      expect(page.location!.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(callbackParams(page.location)).toEqual({
        error,
        error_description: expect.any(String),
        state: 'x/y+z=',
        iss: app.url,
      });
    });

    it('a repeated other parameter → invalid_request', async () => {
      const query = new URLSearchParams(codeRequest(challenge));
      query.append('scope', 'me');
      const page = await browserOf(app).get(`/authorize?${query.toString()}`);
      expect(callbackParams(page.location).error).toBe('invalid_request');
    });

    it('a client that may not use the code flow → unauthorized_client', async () => {
      await createClient(app, admin, {
        clientId: 'no-code',
        name: 'No code',
        type: 'public',
        grantTypes: ['refresh_token'],
        scopes: ['me'],
        redirectUris: [CALLBACK],
      });
      const page = await browserOf(app).authorize(codeRequest(challenge, { client_id: 'no-code' }));
      expect(callbackParams(page.location).error).toBe('unauthorized_client');
    });

    it('ignores unknown parameters and treats empty ones as absent', async () => {
      const page = await browserOf(app).authorize(
        codeRequest(challenge, { foo: 'bar', prompt: '', max_age: '' }),
      );
      expect(page.location).toContain('/login?');
    });

    it('POST /authorize takes the same parameters as a form', async () => {
      const page = await browserOf(app).post('/authorize', codeRequest(challenge));
      expect(page.status).toBe(302);
      expect(page.location).toContain('/login?');
    });
  });

  describe('the forms', () => {
    async function loginPage(browser = browserOf(app)) {
      const started = await browser.authorize(codeRequest(pkcePair().challenge));
      return { browser, page: await browser.get(started.location!) };
    }

    it('refuses a POST without the CSRF token, with a wrong one, or from another origin (403)', async () => {
      const { browser, page } = await loginPage();
      const fields = {
        request_id: page.fields.request_id,
        username: 'johndoe',
        password: 'secret',
        action: 'login',
      };
      for (const [form, headers] of [
        [fields, {}],
        [{ ...fields, csrf_token: 'wrong' }, {}],
        [{ ...fields, csrf_token: page.fields.csrf_token }, { origin: 'https://evil.example' }],
        [{ ...fields, csrf_token: page.fields.csrf_token }, { origin: 'null' }],
      ] as const) {
        const refused = await browser.post('/login', form, headers);
        expect(refused.status).toBe(403);
        expect(refused.location).toBeNull();
        expect(refused.headers.get('set-cookie')).toBeNull();
        expectPageHeaders(refused);
      }
      expect((await browser.signIn(page, 'johndoe', 'secret')).status).toBe(303);
    });

    it('refuses a form from another browser (no binding cookie)', async () => {
      const { page } = await loginPage();
      const other = browserOf(app);
      const refused = await other.signIn(page, 'johndoe', 'secret');
      expect(refused.status).toBe(403);
    });

    it('answers an unknown, expired or used request id with a 400 page, never a redirect', async () => {
      const browser = browserOf(app);
      const unknown = await browser.get('/login?request_id=nope');
      expect(unknown.status).toBe(400);
      expect(unknown.location).toBeNull();
      await createUser(app, admin, {
        username: 'kim',
        password: 'kim-password',
        scopes: ['me', 'items'],
      });
      const { page } = await loginPage(browser);
      expect((await browser.signIn(page, 'kim', 'kim-password')).status).toBe(303);
      const consent = await browser.get(`/consent?request_id=${page.fields.request_id}`);
      expect((await browser.consent(consent, 'allow')).status).toBe(303);
      const used = await browser.get(`/consent?request_id=${page.fields.request_id}`);
      expect(used.status).toBe(400);
      expect((await browser.signIn(page, 'johndoe', 'secret')).status).toBe(400);
      const { browser: other, page: late } = await loginPage();
      const now = Date.now;
      Date.now = () => now() + 15 * 60_000 + 1000;
      try {
        expect((await other.get(`/login?request_id=${late.fields.request_id}`)).status).toBe(400);
      } finally {
        Date.now = now;
      }
    });

    it('gives an unknown user and a wrong password byte-identical pages', async () => {
      const { browser, page } = await loginPage();
      const unknown = await browser.signIn(page, 'nobody-here', 'secret');
      const wrong = await browser.signIn(page, 'nobody-here', 'wrong password');
      expect(unknown.status).toBe(200);
      expect(wrong.status).toBe(200);
      expect(unknown.text).toBe(wrong.text);
      expect(unknown.text).toContain('Wrong username or password.');
      const disabled = await browser.signIn(page, 'alice', 'secret2');
      expect(disabled.status).toBe(200);
      expect(disabled.text.replace('alice', 'nobody-here')).toBe(unknown.text);
    });

    it('gives a new session id at every login, with the cookie flags of an http issuer', async () => {
      const browser = browserOf(app);
      await signInForCode(app, browser);
      const first = browser.cookies.get('scopegate-session');
      // prompt=login shows the form although a session exists; a new login gets a new id.
      const again = await browser.get(
        (await browser.authorize(codeRequest(pkcePair().challenge, { prompt: 'login' }))).location!,
      );
      const signedIn = await browser.signIn(again, 'johndoe', 'secret');
      const cookie = signedIn.headers
        .getSetCookie()
        .find((line) => line.startsWith('scopegate-session='))!;
      expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(cookie).not.toMatch(/Max-Age|Secure/);
      expect(browser.cookies.get('scopegate-session')).not.toBe(first);
      const remembered = await browser.signIn(
        await browser.get(
          (await browser.authorize(codeRequest(pkcePair().challenge, { prompt: 'login' })))
            .location!,
        ),
        'johndoe',
        'secret',
        { remember: 'yes' },
      );
      expect(remembered.headers.getSetCookie().join()).toMatch(
        /scopegate-session=[^;]+; Max-Age=1209600;/,
      );
    });

    it('escapes what it echoes: the username, a client name, state and redirect URI', async () => {
      const probe = '"><script>alert(1)</script>';
      await createClient(app, admin, {
        clientId: 'xss-client',
        name: `Evil ${probe}`,
        type: 'public',
        grantTypes: ['authorization_code'],
        scopes: ['me'],
        redirectUris: [`https://xss.example/cb?x=${encodeURIComponent(probe)}`],
      });
      const browser = browserOf(app);
      const started = await browser.authorize({
        ...codeRequest(pkcePair().challenge, { state: probe, scope: 'me' }),
        client_id: 'xss-client',
        redirect_uri: undefined,
      });
      const login = await browser.get(started.location!);
      expect(login.text).not.toContain('<script>');
      expect(login.text).toContain('Evil &quot;&gt;&lt;script&gt;');
      const failed = await browser.signIn(login, probe, 'x');
      expect(failed.text).not.toContain('<script>');
      expect(failed.fields.username).toBe(probe);
      const consent = await browser.get(
        (await browser.signIn(login, 'johndoe', 'secret')).location!,
      );
      expect(consent.text).not.toContain('<script>');
      const done = await browser.consent(consent, 'allow');
      expect(callbackParams(done.location)).toMatchObject({ x: probe, state: probe });
      const badPage = await browser.authorize({
        ...codeRequest(pkcePair().challenge),
        client_id: probe,
      });
      expect(badPage.text).not.toContain('<script>');
    });

    it('answers hostile input with a 400 page, never a 5xx', async () => {
      const { browser, page } = await loginPage();
      const probes = [
        '/login?request_id=a&request_id=b',
        `/login?request_id=${'x'.repeat(5000)}`,
        '/consent',
      ];
      for (const path of probes) {
        const answer = await browser.get(path);
        expect(answer.status).toBe(400);
        expectPageHeaders(answer);
      }
      const json = await app.request('POST', '/login', {
        json: { request_id: page.fields.request_id, csrf_token: page.fields.csrf_token },
      });
      expect(json.status).toBe(400);
      expect(json.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const repeated = await app.request('POST', '/login', {
        body: `request_id=${page.fields.request_id}&request_id=x&csrf_token=${page.fields.csrf_token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(repeated.status).toBe(400);
      expect(repeated.text).toContain('sent twice');
      const authorizeJson = await app.request('POST', '/authorize', { json: { client_id: SPA } });
      expect(authorizeJson.status).toBe(400);
      const notForm = await app.request('POST', '/logout', {
        body: 'csrf_token=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect([400, 415]).toContain(notForm.status);
    });

    it('never sends CORS headers on a page, even to a listed origin', async () => {
      const page = await browserOf(app).get(`/authorize?client_id=${SPA}`, {
        origin: 'https://spa.example',
      });
      expect(page.headers.get('access-control-allow-origin')).toBeNull();
      const api = await app.request('GET', '/.well-known/oauth-authorization-server', {
        headers: { origin: 'https://spa.example' },
      });
      expect(api.headers.get('access-control-allow-origin')).toBe('https://spa.example');
      // UserInfo is an API route: a browser app of a listed origin may call it.
      const preflight = await app.request('OPTIONS', '/userinfo', {
        headers: {
          origin: 'https://spa.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://spa.example');
    });
  });

  describe('POST /token with grant_type=authorization_code', () => {
    it('a wrong verifier spends nothing: the right one then works', async () => {
      const { params, verifier } = await signInForCode(app, browserOf(app));
      const wrong = await exchange(app, params.code, pkcePair().verifier);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toBe('invalid_grant');
      const right = await exchange(app, params.code, verifier);
      expect(right.status).toBe(200);
    });

    it('a replayed code is invalid_grant and revokes every token issued from it', async () => {
      const { params, verifier } = await signInForCode(app, browserOf(app));
      const first = await exchange(app, params.code, verifier);
      expect(first.status).toBe(200);
      const replay = await exchange(app, params.code, verifier);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      expect(
        (await app.request('GET', '/users/me', { token: first.body.access_token })).status,
      ).toBe(401);
      const refresh = await app.request('POST', '/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: SPA,
          refresh_token: first.body.refresh_token,
        },
      });
      expect(refresh.body.error).toBe('invalid_grant');
      const introspected = await app.request('POST', '/introspect', {
        form: {
          token: first.body.access_token,
          client_id: 'demo-service',
          client_secret: 'demo-service-secret',
        },
      });
      expect(introspected.body).toEqual({ active: false });
    });

    it('of ten parallel exchanges of one code exactly one gets 200', async () => {
      const { params, verifier } = await signInForCode(app, browserOf(app));
      const results = await Promise.all(
        Array.from({ length: 10 }, () => exchange(app, params.code, verifier)),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, ...Array(9).fill(400)]);
      for (const result of results.filter((r) => r.status === 400)) {
        expect(result.body.error).toBe('invalid_grant');
      }
    });

    it('refuses a missing or malformed code or verifier, another client, another redirect URI', async () => {
      const { params, verifier } = await signInForCode(app, browserOf(app));
      const code = params.code;
      const form = (extra: Record<string, string>) =>
        app.request('POST', '/token', {
          form: {
            grant_type: 'authorization_code',
            client_id: SPA,
            redirect_uri: CALLBACK,
            ...extra,
          },
        });
      expect((await form({ code_verifier: verifier })).body.error).toBe('invalid_request');
      expect((await form({ code })).body.error).toBe('invalid_request');
      expect((await form({ code, code_verifier: 'short' })).body.error).toBe('invalid_request');
      expect((await form({ code: 'unknown', code_verifier: verifier })).body.error).toBe(
        'invalid_grant',
      );
      expect(
        (await form({ code, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:5173/other' }))
          .body.error,
      ).toBe('invalid_grant');
      const noRedirect = {
        grant_type: 'authorization_code',
        client_id: SPA,
        code,
        code_verifier: verifier,
      };
      expect((await app.request('POST', '/token', { form: noRedirect })).body.error).toBe(
        'invalid_request',
      );
      const otherClient = await app.request('POST', '/token', {
        form: {
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: CALLBACK,
        },
      });
      expect(otherClient.body.error).toBe('invalid_grant');
      // None of these spent the code.
      expect((await exchange(app, code, verifier)).status).toBe(200);
    });

    it('refuses an expired code', async () => {
      const { params, verifier } = await signInForCode(app, browserOf(app));
      const now = Date.now;
      Date.now = () => now() + 61_000;
      try {
        expect((await exchange(app, params.code, verifier)).body.error).toBe('invalid_grant');
      } finally {
        Date.now = now;
      }
    });
  });

  describe('browser sessions and grants', () => {
    it('lists the browser session beside the refresh sessions; ending it shows the login page again', async () => {
      await createUser(app, admin, {
        username: 'erin',
        password: 'erin-password',
        scopes: ['me', 'items'],
      });
      const browser = browserOf(app);
      const { params, verifier } = await signInForCode(app, browser, {
        username: 'erin',
        password: 'erin-password',
      });
      const tokens = await exchange(app, params.code, verifier);
      const listed = await app.request('GET', '/users/me/sessions', {
        token: tokens.body.access_token,
      });
      expect(listed.status).toBe(200);
      expect(listed.body.map((session: { kind: string }) => session.kind).sort()).toEqual([
        'browser',
        'refresh',
      ]);
      const browserSession = listed.body.find(
        (session: { kind: string }) => session.kind === 'browser',
      );
      expect(browserSession).toMatchObject({ clientId: null, scope: '' });
      const ended = await app.request('DELETE', `/users/me/sessions/${browserSession.id}`, {
        token: tokens.body.access_token,
      });
      expect(ended.status).toBe(204);
      const again = await browser.authorize(codeRequest(pkcePair().challenge));
      expect(again.location).toContain('/login?');
    });

    it('POST /logout ends the browser session; a password change ends it too', async () => {
      await createUser(app, admin, { username: 'finn', password: 'finn-password', scopes: ['me'] });
      const browser = browserOf(app);
      await signInForCode(app, browser, {
        username: 'finn',
        password: 'finn-password',
        params: { scope: 'me' },
      });
      const logout = await browser.get('/logout');
      expect(logout.status).toBe(200);
      expectPageHeaders(logout);
      expect((await browser.post('/logout', {})).status).toBe(403);
      const out = await browser.post('/logout', { csrf_token: logout.fields.csrf_token });
      expect(out.status).toBe(303);
      expect(browser.cookies.has('scopegate-session')).toBe(false);
      expect((await browser.authorize(codeRequest(pkcePair().challenge))).location).toContain(
        '/login?',
      );

      await signInForCode(app, browser, {
        username: 'finn',
        password: 'finn-password',
        params: { scope: 'me' },
      });
      const users = await app.request('GET', '/users?limit=1000', { token: admin });
      const finn = users.body.find((user: { username: string }) => user.username === 'finn');
      const changed = await app.request('PATCH', `/users/${finn.id}`, {
        token: admin,
        json: { password: 'finn-new-password' },
      });
      expect(changed.status).toBe(200);
      expect(
        (await browser.authorize(codeRequest(pkcePair().challenge, { scope: 'me' }))).location,
      ).toContain('/login?');
    });

    it('lists grants; withdrawing one asks consent again and ends the client’s sessions', async () => {
      await createUser(app, admin, {
        username: 'gwen',
        password: 'gwen-password',
        scopes: ['me', 'items'],
      });
      const browser = browserOf(app);
      const { params, verifier } = await signInForCode(app, browser, {
        username: 'gwen',
        password: 'gwen-password',
      });
      const tokens = await exchange(app, params.code, verifier);
      const token = tokens.body.access_token;
      // A token of another client, which withdrawing demo-spa's grant leaves alone.
      const own = await app.token('gwen', 'gwen-password', 'me');
      const grants = await app.request('GET', '/users/me/grants', { token });
      expect(grants.status).toBe(200);
      expect(grants.body).toEqual([
        {
          clientId: SPA,
          scope: 'me items',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ]);
      expect((await app.request('DELETE', '/users/me/grants/demo-spa', { token })).status).toBe(
        204,
      );
      expect(
        (await app.request('DELETE', '/users/me/grants/demo-spa', { token: own })).status,
      ).toBe(404);
      const refresh = await app.request('POST', '/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: SPA,
          refresh_token: tokens.body.refresh_token,
        },
      });
      expect(refresh.body.error).toBe('invalid_grant');
      expect((await app.request('GET', '/users/me', { token })).status).toBe(401);
      expect((await app.request('GET', '/users/me', { token: own })).status).toBe(200);
      expect((await browser.authorize(codeRequest(pkcePair().challenge))).location).toContain(
        '/consent?',
      );
    });
  });
});

/** One lockout rule and one per-address limit for the login form and the password grant. */
describe('the login form beside the password grant', () => {
  const app = useTestApp({ LOGIN_MAX_FAILURES: '5' });
  let admin: string;

  beforeAll(async () => {
    admin = await app.token('admin', TEST_ADMIN_PASSWORD, 'admin');
  });

  describe('the login form and the password grant share one brute-force rule', () => {
    it('failures on the form lock the password grant, and failures on the grant lock the form', async () => {
      await createUser(app, admin, { username: 'hank', password: 'hank-password', scopes: ['me'] });
      await createUser(app, admin, { username: 'ivy', password: 'ivy-password', scopes: ['me'] });
      const { browser, page } = await (async () => {
        const b = browserOf(app);
        return {
          browser: b,
          page: await b.get((await b.authorize(codeRequest(pkcePair().challenge))).location!),
        };
      })();
      for (let i = 0; i < 5; i++) await browser.signIn(page, 'hank', 'wrong');
      const grant = await app.request('POST', '/token', {
        form: { grant_type: 'password', username: 'hank', password: 'hank-password' },
      });
      expect(grant.body.error).toBe('invalid_grant');

      for (let i = 0; i < 5; i++) {
        await app.request('POST', '/token', {
          form: { grant_type: 'password', username: 'ivy', password: 'wrong' },
        });
      }
      const form = await browser.signIn(page, 'ivy', 'ivy-password');
      expect(form.status).toBe(200);
      expect(form.text).toContain('Wrong username or password.');
    });
  });

  describe('clients administration', () => {
    it('needs a redirect URI for authorization_code, and refuses bad ones', async () => {
      const base = {
        name: 'X',
        type: 'public',
        grantTypes: ['authorization_code'],
        scopes: ['me'],
      };
      const none = await app.request('POST', '/clients', {
        token: admin,
        json: { ...base, clientId: 'x1' },
      });
      expect(none.status).toBe(400);
      for (const uri of [
        'http://app.example/cb',
        'https://app.example/cb#f',
        'javascript:alert(1)',
      ]) {
        const bad = await app.request('POST', '/clients', {
          token: admin,
          json: { ...base, clientId: 'x2', redirectUris: [uri] },
        });
        expect(bad.status).toBe(400);
      }
      const good = await app.request('POST', '/clients', {
        token: admin,
        json: { ...base, clientId: 'x3', redirectUris: ['com.example.app:/cb', 'http://[::1]/cb'] },
      });
      expect(good.status).toBe(201);
      expect(good.body).toMatchObject({
        redirectUris: ['com.example.app:/cb', 'http://[::1]/cb'],
        consentRequired: true,
      });
      const patched = await app.request('PATCH', '/clients/x3', {
        token: admin,
        json: { consentRequired: false },
      });
      expect(patched.body.consentRequired).toBe(false);
    });

    it('gives the built-in client Swagger UI’s redirect URI and no consent', async () => {
      const builtIn = await app.request('GET', '/clients/first-party', { token: admin });
      expect(builtIn.body).toMatchObject({
        redirectUris: [`${app.url}/docs/oauth2-redirect.html`],
        consentRequired: false,
      });
    });
  });
});

/** One counter per address for POST /token and POST /login. */
describe('the per-address limit of the login form', () => {
  const app = useTestApp({ TOKEN_RATE_LIMIT_PER_IP: '3' });

  it('counts password grants and form posts together, and answers a 429 page', async () => {
    const browser = browserOf(app);
    const login = await browser.get(
      (await browser.authorize(codeRequest(pkcePair().challenge))).location!,
    );
    for (let i = 0; i < 2; i++) {
      const grant = await app.request('POST', '/token', {
        form: { grant_type: 'password', username: 'johndoe', password: 'wrong' },
      });
      expect(grant.status).toBe(400);
    }
    expect((await browser.signIn(login, 'johndoe', 'wrong')).status).toBe(200);
    const limited = await browser.signIn(login, 'johndoe', 'secret');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectPageHeaders(limited);
    const grant = await app.request('POST', '/token', {
      form: { grant_type: 'password', username: 'johndoe', password: 'secret' },
    });
    expect(grant.status).toBe(429);
  });
});

/** An https issuer: the cookies are __Host- and Secure. */
describe('the cookies of an https issuer', () => {
  const app = useTestApp({ ISSUER: 'https://auth.example.test' });

  it('sets the binding cookie with the __Host- prefix and Secure', async () => {
    const page = await browserOf(app).authorize(codeRequest(pkcePair().challenge));
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^https:\/\/auth\.example\.test\/login\?request_id=/);
    expect(page.headers.getSetCookie()).toEqual([
      expect.stringMatching(
        /^__Host-scopegate-binding=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      ),
    ]);
  });
});

/** PASSWORD_GRANT=false: the grant is gone for every client, and from the metadata. */
describe('PASSWORD_GRANT=false', () => {
  const app = useTestApp({ PASSWORD_GRANT: 'false' });

  it('answers unsupported_grant_type and leaves the grant out of the metadata, the scheme and the request schema', async () => {
    const grant = await app.request('POST', '/token', {
      form: { grant_type: 'password', username: 'johndoe', password: 'secret' },
    });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
    const metadata = await app.request('GET', '/.well-known/oauth-authorization-server');
    expect(metadata.body.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
    ]);
    const openapi = await app.request('GET', '/openapi.json');
    expect(Object.keys(openapi.body.components.securitySchemes.OAuth2PasswordBearer.flows)).toEqual(
      ['authorizationCode', 'clientCredentials'],
    );
    expect(openapi.body.components.schemas.TokenRequestDto.properties.grant_type.enum).toEqual(
      metadata.body.grant_types_supported,
    );
  });
});
