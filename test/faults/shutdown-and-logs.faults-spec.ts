import { Browser, callbackParams, pkcePair } from '../support/browser';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ADMIN_PASSWORD } from '../support/environment';
import { ServerProcess, sleep } from '../support/server-process';

const CANARY_PASSWORD = 'pw-CANARY-4242-do-not-log';
/** The demo client's secret (the faults server loads the demo data). */
const DEMO_SECRET = 'demo-service-secret';

/**
 * SIGTERM lets in-flight requests finish and closes the database cleanly;
 * the JSON logs carry request ids and no credentials.
 */
describe('graceful shutdown and logs', () => {
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-faults-'));
    server = await ServerProcess.start({
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'scopegate.sqlite')}`,
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  let canaryToken: string;
  let refreshToken: string;
  const requestIds: string[] = [];

  it('logs each request with its id, and never a password, a secret or a token', async () => {
    const admin = await server.token('admin', TEST_ADMIN_PASSWORD, 'admin');
    const created = await server.request('POST', '/users', {
      token: admin,
      json: { username: 'canary', password: CANARY_PASSWORD, scopes: ['me'] },
    });
    expect(created.status).toBe(201);
    canaryToken = await server.token('canary', CANARY_PASSWORD, 'me');
    for (const path of ['/users/me', `/users/me?access_token=${canaryToken}`]) {
      const result = await server.request('GET', path, { token: canaryToken });
      expect(result.status).toBe(200);
      requestIds.push(result.headers.get('x-request-id')!);
    }
    // The lifecycle's secrets: a refresh token, a client secret (Basic and form), revocation
    // and introspection bodies, and the same in a refused query string.
    const login = await server.request('POST', '/token', {
      form: { grant_type: 'password', username: 'canary', password: CANARY_PASSWORD, scope: 'me' },
    });
    refreshToken = login.body.refresh_token;
    const rotated = await server.request('POST', '/token', {
      form: { grant_type: 'refresh_token', refresh_token: refreshToken },
    });
    expect(rotated.status).toBe(200);
    const basic = `Basic ${Buffer.from(`demo-service:${DEMO_SECRET}`).toString('base64')}`;
    const introspected = await server.request('POST', '/introspect', {
      form: { token: rotated.body.refresh_token },
      headers: { authorization: basic },
    });
    expect(introspected.body.active).toBe(true);
    const byPost = await server.request('POST', '/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: 'demo-service',
        client_secret: DEMO_SECRET,
      },
    });
    expect(byPost.status).toBe(200);
    const inUrl = await server.request(
      'POST',
      `/revoke?token=${rotated.body.refresh_token}&client_secret=${DEMO_SECRET}`,
      { form: { token: rotated.body.refresh_token } },
    );
    expect(inUrl.status).toBe(400);
    expect(
      (await server.request('POST', '/revoke', { form: { token: rotated.body.refresh_token } }))
        .status,
    ).toBe(200);
    // The code flow's secrets: the password typed in the login form, the CSRF token, the
    // cookies, the code and its verifier.
    const browser = new Browser(server.url);
    const { verifier, challenge } = pkcePair();
    const started = await browser.authorize({
      response_type: 'code',
      client_id: 'demo-spa',
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'me',
      state: 'logs',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const loginPage = await browser.get(started.location!);
    expect((await browser.signIn(loginPage, 'canary', 'wrong-CANARY')).status).toBe(200);
    const consent = await browser.get(
      (await browser.signIn(loginPage, 'canary', CANARY_PASSWORD)).location!,
    );
    const code = callbackParams((await browser.consent(consent, 'allow')).location).code;
    const exchanged = await server.request('POST', '/token', {
      form: {
        grant_type: 'authorization_code',
        client_id: 'demo-spa',
        code,
        code_verifier: verifier,
        redirect_uri: 'http://127.0.0.1:9/callback',
      },
    });
    expect(exchanged.status).toBe(200);
    const flowSecrets = [
      code,
      verifier,
      loginPage.fields.csrf_token,
      loginPage.fields.request_id,
      ...browser.cookies.values(),
    ];
    // Give pino a moment to flush.
    await sleep(300);
    for (const secret of flowSecrets) expect(server.logs).not.toContain(secret);
    const lines = server.logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>);
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(4);
    for (const id of requestIds) {
      expect(completed.some((line) => line.req?.id === id)).toBe(true);
    }
    for (const line of completed) {
      expect(Object.keys(line.req).sort()).toEqual(['id', 'method', 'url']);
      expect(line.res).toEqual({ statusCode: expect.any(Number) });
    }
    expect(server.logs).not.toContain('CANARY');
    expect(server.logs).not.toContain(canaryToken);
    expect(server.logs).not.toContain(canaryToken.split('.')[2]);
    expect(server.logs).not.toContain(TEST_ADMIN_PASSWORD);
    expect(server.logs).not.toContain(refreshToken);
    expect(server.logs).not.toContain(DEMO_SECRET);
    expect(server.logs).toContain('access_token=[Redacted]');
  });

  it('finishes in-flight requests on SIGTERM, then closes the database and exits', async () => {
    // Twelve logins (one argon2 verification each) keep the server busy for a while.
    let signalledAt = Infinity;
    const inFlight = Array.from({ length: 12 }, async () => {
      const status = await login(server.url, 'canary', CANARY_PASSWORD).catch(() => 'reset');
      return { status, afterSignal: Date.now() > signalledAt };
    });
    // Once the first is answered, the server is busy with most of the others.
    await Promise.race(inFlight);
    signalledAt = Date.now();
    const exit = server.stop('SIGTERM');
    const results = await Promise.all(inFlight);
    const statuses = results.map((result) => result.status);
    // Requests being served when the signal came are answered: several 200s after it.
    expect(results.filter((r) => r.status === 200 && r.afterSignal).length).toBeGreaterThan(2);
    // A request of the burst that the server had not picked up yet is turned away: 503 once
    // closing has begun, or a reset if it was still in the accept queue. Nothing else.
    expect(statuses.filter((status) => ![200, 503, 'reset'].includes(status))).toEqual([]);
    expect(statuses.filter((status) => status !== 200).length).toBeLessThanOrEqual(3);
    const { code, signal } = await exit;
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    // A cleanly closed SQLite database has checkpointed and removed its write-ahead log.
    const wal = join(dir, 'scopegate.sqlite-wal');
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    expect(server.statuses.filter((status) => status >= 500)).toEqual([]);
  });
});

/**
 * One login on a connection of its own (no keep-alive pool: a pooled client may write a new
 * request on a kept-alive socket just as the server closes it, which no server can answer).
 */
function login(url: string, username: string, password: string): Promise<number> {
  const body = new URLSearchParams({ grant_type: 'password', username, password }).toString();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/token`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
