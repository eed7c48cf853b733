import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectNoServerErrors, startApp, type TestApp } from '../support/app';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const DOCS = join(__dirname, '..', '..', 'docs');
/** demo-spa's loopback redirect URI, on a port of its choosing; nothing listens there. */
const CALLBACK = 'http://127.0.0.1:9/callback';

/** The demo-spa flow in Chromium: authorize → login → consent → back with a code → tokens. */
describe('signing in to demo-spa in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const callbacks: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 720, height: 640 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // The app's callback: the browser's navigation is answered here, the URL recorded.
    await page.route(`${CALLBACK}**`, async (route) => {
      callbacks.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>callback</p>' });
    });
  });
  afterAll(async () => {
    await browser?.close();
    expectNoServerErrors(app);
    await app.close();
  });

  it('signs in, consents and lands on the callback with a code the app exchanges', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = 'st+/=é';
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-spa',
      redirect_uri: CALLBACK,
      scope: 'me items',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    await page.goto(`${app.url}/authorize?${query.toString()}`);
    await page.locator('#username').waitFor();
    await page.locator('#username').fill('johndoe');
    await page.locator('#password').fill('secret');
    await page.screenshot({ path: join(DOCS, 'login-page.png'), animations: 'disabled' });
    await page.locator('#password').press('Enter');

    await page.locator('button[value=allow]').waitFor();
    expect(await page.locator('ul.scopes li').allInnerTexts()).toEqual([
      'me: Read information about the current user',
      "items: Read the current user's items",
    ]);
    await page.screenshot({ path: join(DOCS, 'consent-page.png'), animations: 'disabled' });
    await page.locator('button[value=allow]').click();
    await page.waitForURL(`${CALLBACK}**`);

    expect(callbacks).toHaveLength(1);
    const params = new URL(callbacks[0]).searchParams;
    expect(params.get('state')).toBe(state);
    expect(params.get('iss')).toBe(app.url);
    const tokens = await app.request('POST', '/token', {
      form: {
        grant_type: 'authorization_code',
        client_id: 'demo-spa',
        code: params.get('code')!,
        code_verifier: verifier,
        redirect_uri: CALLBACK,
      },
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe('me items');
    const items = await app.request('GET', '/users/me/items/', { token: tokens.body.access_token });
    expect(items.status).toBe(200);
  });

  it('logged no error (a CSP refusal would be one)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
