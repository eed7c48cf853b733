import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expectNoServerErrors, startApp, type TestApp } from '../support/app';

/** Debian's chromium package; a browser is never downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(__dirname, '..', '..', 'docs', 'swagger-ui.png');
const SCHEME = 'OAuth2PasswordBearer';
/** The Authorize dialog shows one section per flow of the scheme. */
const PASSWORD_FLOW = `${SCHEME} (OAuth2, password)`;
const CLIENT_CREDENTIALS_FLOW = `${SCHEME} (OAuth2, clientCredentials)`;
const AUTHORIZATION_CODE_FLOW = `${SCHEME} (OAuth2, authorizationCode with PKCE)`;
const OPERATION = '#operations-users-MyItemsController_list';
const ITEMS_OPERATION = '#operations-items-ItemsController_list';

describe('Swagger UI in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const offsite: string[] = [];
  const tokenRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Console errors include Content-Security-Policy refusals; the 403 this test provokes
    // on purpose is logged too, and is expected.
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/status of 403/.test(text)) pageErrors.push(text);
    });
    // Everything Swagger UI loads must come from the application itself.
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (!request.url().startsWith(`${app.url}/`)) {
        offsite.push(request.url());
        return route.abort();
      }
      if (new URL(request.url()).pathname === '/token')
        tokenRequests.push(request.postData() ?? '');
      return route.continue();
    });
  });
  afterAll(async () => {
    await browser?.close();
    expectNoServerErrors(app);
    await app.close();
  });

  it('logs in with the password flow (me + items) and runs GET /users/me/items/ → 200', async () => {
    await page.goto(`${app.url}/docs`);
    await page.locator(OPERATION).waitFor();

    await authorize(page, ['me', 'items']);
    expect(tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(tokenRequests[0]);
    expect(form.get('grant_type')).toBe('password');
    expect(form.get('username')).toBe('johndoe');
    expect(form.get('scope')?.split(' ').sort()).toEqual(['items', 'me']);

    const result = await execute(page);
    expect(result.status).toBe('200');
    expect(result.body).toContain('"title": "Foo"');
    expect(result.body).toContain('"title": "Bar"');

    // The README's picture: the operation, its required scopes and the live 200 response.
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    // boundingBox() is relative to the viewport, a full-page clip to the page.
    const box = (await page.locator(OPERATION).boundingBox())!;
    const scrollY = await page.evaluate<number>('window.scrollY');
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      animations: 'disabled',
      clip: { ...box, y: box.y + scrollY, height: Math.min(box.height, 1100) },
    });
  });

  it('keeps the authorization across a reload (persistAuthorization)', async () => {
    await page.reload();
    await page.locator(OPERATION).waitFor();
    // The top-level button shows a closed lock only while a scheme is authorized.
    expect(await page.locator('.auth-wrapper button.authorize.locked').count()).toBe(1);
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.auth-container', { hasText: PASSWORD_FLOW });
    await dialog.waitFor();
    expect(await dialog.locator('button:has-text("Logout")').count()).toBe(1);
    await page.locator('.auth-btn-wrapper button.btn-done').first().click();
  });

  it('re-authorizes with only me, and the same operation answers 403 insufficient_scope', async () => {
    await logout(page);
    await authorize(page, ['me']);
    expect(new URLSearchParams(tokenRequests[1]).get('scope')).toBe('me');

    const result = await execute(page);
    expect(result.status).toBe('403');
    expect(result.body).toContain('insufficient_scope');
  });

  it('logs in with the client-credentials flow as demo-service and runs GET /items → 200', async () => {
    await logout(page);
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.auth-container', { hasText: CLIENT_CREDENTIALS_FLOW });
    await dialog.locator('#client_id_clientCredentials').fill('demo-service');
    await dialog.locator('#client_secret_clientCredentials').fill('demo-service-secret');
    await tick(dialog, ['items:read']);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button:has-text("Logout")').waitFor();
    await page.locator('.auth-btn-wrapper button.btn-done').first().click();

    const form = new URLSearchParams(tokenRequests[2]);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('items:read');

    const result = await execute(page, ITEMS_OPERATION);
    expect(result.status).toBe('200');
    expect(result.body.trim()).toMatch(/^\[/);
  });

  it('authorizes with the authorizationCode flow: Scopegate’s login page in the popup, then Try it out → 200', async () => {
    await logout(page);
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.auth-container', { hasText: AUTHORIZATION_CODE_FLOW });
    await dialog.waitFor();
    // initOAuth filled in the built-in client; PKCE is on.
    expect(await dialog.locator('#client_id_authorizationCode').inputValue()).toBe('first-party');
    await tick(dialog, ['me', 'items']);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      dialog.locator('button.authorize').click(),
    ]);
    popup.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`popup: ${message.text()}`);
    });
    await popup.locator('#username').waitFor();
    const authorizeUrl = new URL(popup.url());
    expect(authorizeUrl.pathname).toBe('/login');
    await popup.locator('#username').fill('johndoe');
    await popup.locator('#password').fill('secret');
    await Promise.all([popup.waitForEvent('close'), popup.locator('button.primary').click()]);
    await dialog.locator('button:has-text("Logout")').waitFor();
    await page.locator('.auth-btn-wrapper button.btn-done').first().click();

    const form = new URLSearchParams(tokenRequests[tokenRequests.length - 1]);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(form.get('redirect_uri')).toBe(`${app.url}/docs/oauth2-redirect.html`);

    const result = await execute(page);
    expect(result.status).toBe('200');
    expect(result.body).toContain('"title": "Foo"');
  });

  it('loaded nothing from outside the application, and logged no error', () => {
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * Opens the Authorize dialog, logs in as johndoe with the password flow and exactly `scopes`
 * ticked (client fields left blank: the built-in public client), closes it.
 */
async function authorize(page: Page, scopes: string[]): Promise<void> {
  await page.locator('.auth-wrapper button.authorize').click();
  const dialog = page.locator('.auth-container', { hasText: PASSWORD_FLOW });
  await dialog.locator('#oauth_username').fill('johndoe');
  await dialog.locator('#oauth_password').fill('secret');
  await tick(dialog, scopes);
  await dialog.locator('button.authorize').click();
  await dialog.locator('button:has-text("Logout")').waitFor();
  await page.locator('.auth-btn-wrapper button.btn-done').first().click();
}

/** Ticks exactly `scopes` among a flow's checkboxes. */
async function tick(dialog: Locator, scopes: string[]): Promise<void> {
  for (const checkbox of await dialog.locator('input[type=checkbox]').all()) {
    const scope = await checkbox.getAttribute('data-value');
    const wanted = scopes.includes(scope ?? '');
    if ((await checkbox.isChecked()) !== wanted) {
      await dialog.locator(`label[for="${await checkbox.getAttribute('id')}"]`).click();
    }
    expect(await checkbox.isChecked()).toBe(wanted);
  }
}

async function logout(page: Page): Promise<void> {
  await page.locator('.auth-wrapper button.authorize').click();
  await page.locator('.auth-container button:has-text("Logout")').first().click();
  await page.locator('.auth-btn-wrapper button.btn-done').first().click();
}

/** "Try it out" → Execute on an operation; the status and body Swagger UI shows. */
async function execute(page: Page, id = OPERATION): Promise<{ status: string; body: string }> {
  const operation = page.locator(id);
  if (!(await operation.locator('.opblock-body').isVisible())) {
    await operation.locator('.opblock-summary').click();
  }
  // The same button reads "Try it out" or "Cancel"; wait for it before deciding (the
  // operation may still be expanding).
  const tryItOut = operation.locator('button.try-out__btn');
  await tryItOut.waitFor();
  if ((await tryItOut.innerText()).includes('Try it out')) await tryItOut.click();
  const responses = operation.locator('.live-responses-table');
  await operation.locator('button.execute').click();
  const status = responses.locator('tbody .response-col_status').first();
  await status.waitFor();
  const body = responses
    .locator('.response-col_description .microlight, .response-col_description pre')
    .first();
  return { status: (await status.innerText()).trim(), body: await body.innerText() };
}
