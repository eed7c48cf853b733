import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/app';
import { Browser, callbackParams, pkcePair } from '../support/browser';
import { decodeToken } from '../support/forge';
import { TEST_ADMIN_PASSWORD } from '../support/environment';
import { createUser } from '../support/factories';
import { ServerProcess, sleep } from '../support/server-process';
import { REDIS_PORT, deleteKeys, testKeyPrefix } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** How many times each propagation is measured. */
const RUNS = 5;

/** Milliseconds until `check` holds, polling every 10 ms; fails after `limitMs`. */
async function timeUntil(check: () => Promise<boolean>, limitMs = 5000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await check()) return performance.now() - started;
    await sleep(10);
  }
  throw new Error(`not within ${limitMs} ms`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * docs/operations.md's guarantees of several instances, with two real instances of the built service behind a round-robin "balancer"
 * (the test), sharing PostgreSQL (a fresh schema) and Redis (a fresh key prefix, reached
 * through a TCP proxy the test can cut).
 */
describe('two instances on PostgreSQL and Redis', () => {
  const redis = new TcpProxy(REDIS_PORT);
  const prefix = testKeyPrefix();
  const delays: Record<string, number[]> = { disable: [], revoke: [], rotation: [] };
  /** Without notices: revocation, disable, rotation. */
  const catchUps: number[] = [];
  let env: Record<string, string>;
  let dir: string;
  let drop: () => Promise<void>;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  let address = 0;

  /** A client address of its own (X-Forwarded-For, TRUST_PROXY): the limits count per address. */
  const newAddress = () => `203.0.113.${++address % 250}`;

  const login = (server: ServerProcess, username: string, password: string, ip = newAddress()) =>
    server.request('POST', '/token', {
      form: { grant_type: 'password', username, password, scope: 'me' },
      headers: { 'x-forwarded-for': ip },
    });

  const newUser = async (username: string) => (await createUser(a, admin, { username })).id;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-cluster-'));
    const database = await freshDatabase(dir, POSTGRES_URL);
    drop = database.drop;
    await redis.open();
    env = {
      ...database.env,
      DATA_DIR: dir,
      REDIS_URL: `redis://127.0.0.1:${redis.port}/0`,
      REDIS_KEY_PREFIX: prefix,
      // The balancer's URL: one issuer for every instance of the deployment.
      ISSUER: 'https://auth.example.test',
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES: '3',
      TOKEN_RATE_LIMIT_PER_IP: '10',
      // A rotated key signs at once, so that the test sees the other instance sign with it.
      KEY_PUBLISH_AHEAD: '0',
    };
    // One after the other: the first migrates and seeds the empty schema.
    a = await ServerProcess.start(env);
    b = await ServerProcess.start(env);
    const token = await a.request('POST', '/token', {
      form: {
        grant_type: 'password',
        username: 'admin',
        password: TEST_ADMIN_PASSWORD,
        scope: 'admin',
      },
      headers: { 'x-forwarded-for': newAddress() },
    });
    admin = token.body.access_token;
  });

  afterAll(async () => {
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    await redis.cut();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeys(prefix);
    const report = Object.entries(delays)
      .filter(([, values]) => values.length > 0)
      .map(
        ([name, values]) =>
          `${name}: median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms over ${values.length} runs`,
      );
    const healed = catchUps.map((delay) => delay.toFixed(0)).join(', ');
    console.log(
      `propagation from instance A to instance B\n  ${report.join('\n  ')}\n` +
        `  without notices (catch-up): revoke, disable, rotation in ${healed} ms`,
    );
  });

  it('runs one sign-in across both: authorize on A, sign in on B, consent on A, exchange on A', async () => {
    await createUser(a, admin, {
      username: 'roaming',
      password: 'roaming-password',
      scopes: ['me', 'items'],
    });
    const { verifier, challenge } = pkcePair();
    const origin = { origin: 'https://auth.example.test' };
    const onA = new Browser(a.url, [], origin);
    const onB = new Browser(b.url, [], { ...origin, cookies: onA.cookies });
    const started = await onA.authorize({
      response_type: 'code',
      client_id: 'demo-spa',
      redirect_uri: 'https://demo-spa.example/callback',
      scope: 'me items',
      state: 'cluster',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(started.location).toMatch(/^https:\/\/auth\.example\.test\/login\?/);
    const loginPage = await onB.get(started.location!);
    expect(loginPage.status).toBe(200);
    const signedIn = await onB.signIn(
      loginPage,
      'roaming',
      'roaming-password',
      {},
      {
        'x-forwarded-for': newAddress(),
      },
    );
    expect(signedIn.status).toBe(303);
    const consent = await onA.get(signedIn.location!);
    expect(consent.status).toBe(200);
    const back = await onA.consent(consent, 'allow');
    const params = callbackParams(back.location);
    expect(params).toMatchObject({ state: 'cluster', iss: 'https://auth.example.test' });
    const tokens = await a.request('POST', '/token', {
      form: {
        grant_type: 'authorization_code',
        client_id: 'demo-spa',
        code: params.code,
        code_verifier: verifier,
        redirect_uri: 'https://demo-spa.example/callback',
      },
      headers: { 'x-forwarded-for': newAddress() },
    });
    expect(tokens.status).toBe(200);
    // The code is spent on both; the replay on B revokes what A issued.
    const replay = await b.request('POST', '/token', {
      form: {
        grant_type: 'authorization_code',
        client_id: 'demo-spa',
        code: params.code,
        code_verifier: verifier,
        redirect_uri: 'https://demo-spa.example/callback',
      },
      headers: { 'x-forwarded-for': newAddress() },
    });
    expect(replay.body.error).toBe('invalid_grant');
    const me = await a.request('GET', '/users/me', { token: tokens.body.access_token });
    expect(me.status).toBe(401);
  });

  it('refuses on B, within 1 s, the token of a user disabled through A', async () => {
    for (let run = 0; run < RUNS; run++) {
      const id = await newUser(`disabled-${run}`);
      const token = (await login(b, `disabled-${run}`, `disabled-${run}-password`)).body
        .access_token;
      // B has verified the token and cached the user.
      expect((await b.request('GET', '/users/me', { token })).status).toBe(200);
      const patched = a.request('PATCH', `/users/${id}`, {
        token: admin,
        json: { disabled: true },
      });
      expect((await patched).status).toBe(200);
      const delay = await timeUntil(
        async () => (await b.request('GET', '/users/me', { token })).status === 401,
      );
      delays.disable.push(delay);
      expect(delay).toBeLessThan(1000);
    }
  });

  it('refuses on B, within 1 s, a token revoked on A', async () => {
    await newUser('revoked');
    for (let run = 0; run < RUNS; run++) {
      const token = (await login(a, 'revoked', 'revoked-password')).body.access_token;
      expect((await b.request('GET', '/users/me', { token })).status).toBe(200);
      const revoked = await a.request('POST', '/revoke', { form: { token } });
      expect(revoked.status).toBe(200);
      const delay = await timeUntil(
        async () => (await b.request('GET', '/users/me', { token })).status === 401,
      );
      delays.revoke.push(delay);
      expect(delay).toBeLessThan(1000);
    }
  });

  it('detects on B the reuse of a refresh token rotated on A, and ends the session', async () => {
    await newUser('rotating');
    const first = await login(a, 'rotating', 'rotating-password');
    const refresh = (server: ServerProcess, token: string) =>
      server.request('POST', '/token', {
        form: { grant_type: 'refresh_token', refresh_token: token },
        headers: { 'x-forwarded-for': newAddress() },
      });
    const rotated = await refresh(a, first.body.refresh_token);
    expect(rotated.status).toBe(200);
    const replay = await refresh(b, first.body.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await refresh(a, rotated.body.refresh_token)).body.error).toBe('invalid_grant');
    const stale = await timeUntil(
      async () =>
        (await a.request('GET', '/users/me', { token: rotated.body.access_token })).status === 401,
    );
    expect(stale).toBeLessThan(1000);
  });

  it('counts failed passwords for one account across both instances (lockout)', async () => {
    await newUser('guessed');
    // Three failures (LOGIN_MAX_FAILURES), alternating instances and addresses.
    for (const server of [a, b, a]) {
      expect((await login(server, 'guessed', 'wrong-guess')).body.error).toBe('invalid_grant');
    }
    // Locked: even the right password gets the wrong-password answer, on either instance.
    for (const server of [b, a]) {
      const locked = await login(server, 'guessed', 'guessed-password');
      expect(locked.status).toBe(400);
      expect(locked.body.error).toBe('invalid_grant');
    }
  });

  it('counts the attempts of one address across both instances (rate limit)', async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const server = attempt % 2 === 0 ? a : b;
      const result = await login(server, 'johndoe', 'secret', ip);
      statuses.push(result.status);
      if (result.status === 429)
        expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // TOKEN_RATE_LIMIT_PER_IP=10 for the pair, not for each.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('publishes on B, within 1 s, a key rotated on A, and B signs with it', async () => {
    for (let run = 0; run < RUNS; run++) {
      const rotated = await a.request('POST', '/keys/rotate', { token: admin });
      expect(rotated.status).toBe(201);
      // The access tokens' key (ES256); the RS256 key of ID tokens rotates beside it.
      const kid = rotated.body[0].kid as string;
      const delay = await timeUntil(async () => {
        const jwks = await b.request('GET', '/.well-known/jwks.json');
        return jwks.body.keys.some((key: { kid: string }) => key.kid === kid);
      });
      delays.rotation.push(delay);
      expect(delay).toBeLessThan(1000);
      const signed = await login(b, 'johndoe', 'secret');
      expect(decodeToken(signed.body.access_token).header.kid).toBe(kid);
    }
  });

  it('heals a lost notice within 5 s: an instance that hears none catches up from the database', async () => {
    // C shares the database but not the notices (another key prefix): everything it learns,
    // it learns by catching up, as an instance that lost a notice would.
    const c = await ServerProcess.start({ ...env, REDIS_KEY_PREFIX: `${prefix}deaf:` });
    try {
      const id = await newUser('deaf');
      const token = (await login(c, 'deaf', 'deaf-password')).body.access_token;
      const other = (await login(c, 'deaf', 'deaf-password')).body.access_token;
      expect((await c.request('GET', '/users/me', { token })).status).toBe(200);
      expect((await a.request('POST', '/revoke', { form: { token } })).status).toBe(200);
      const revoked = await timeUntil(
        async () => (await c.request('GET', '/users/me', { token })).status === 401,
        6000,
      );
      expect((await c.request('GET', '/users/me', { token: other })).status).toBe(200);
      await a.request('PATCH', `/users/${id}`, { token: admin, json: { disabled: true } });
      const disabled = await timeUntil(
        async () => (await c.request('GET', '/users/me', { token: other })).status === 401,
        6000,
      );
      const rotated = await a.request('POST', '/keys/rotate', { token: admin });
      const published = await timeUntil(async () => {
        const jwks = await c.request('GET', '/.well-known/jwks.json');
        return jwks.body.keys.some((key: { kid: string }) => key.kid === rotated.body[0].kid);
      }, 6000);
      catchUps.push(revoked, disabled, published);
      for (const delay of [revoked, disabled, published]) expect(delay).toBeLessThan(5000);
    } finally {
      await c.stop('SIGKILL');
    }
  });

  it('starts while Redis is down, answers 503 meanwhile, then joins: counters and notices', async () => {
    const late = new TcpProxy(REDIS_PORT);
    // Its port is reserved, then cut: the instance starts with Redis unreachable.
    await late.open();
    await late.cut();
    const d = await ServerProcess.start({ ...env, REDIS_URL: `redis://127.0.0.1:${late.port}/0` });
    try {
      const early = await login(d, 'johndoe', 'secret');
      expect(early.status).toBe(503);
      expect(early.body.error).toBe('temporarily_unavailable');
      expect((await d.request('GET', '/health/ready')).status).toBe(503);
      await late.open();
      await timeUntil(async () => (await login(d, 'johndoe', 'secret')).status === 200, 15_000);
      const token = (await login(d, 'johndoe', 'secret')).body.access_token;
      expect((await d.request('GET', '/users/me', { token })).status).toBe(200);
      await a.request('POST', '/revoke', { form: { token } });
      const delay = await timeUntil(
        async () => (await d.request('GET', '/users/me', { token })).status === 401,
      );
      expect(delay).toBeLessThan(1000);
    } finally {
      await d.stop('SIGKILL');
      await late.cut();
    }
  });

  it('answers 503 with Retry-After while Redis is cut, says so at /health/ready, and recovers', async () => {
    const token = (await login(a, 'johndoe', 'secret')).body.access_token;
    await redis.cut();
    for (const server of [a, b]) {
      const refused = await login(server, 'johndoe', 'secret');
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe('temporarily_unavailable');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const ready = await server.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error?.redis?.status ?? ready.body.details?.redis?.status).toBe('down');
      // Protected routes need no Redis: their checks are in process, caught up from the database.
      expect((await server.request('GET', '/users/me', { token })).status).toBe(200);
    }
    await redis.open();
    for (const server of [a, b]) {
      const recovered = await timeUntil(
        async () => (await login(server, 'johndoe', 'secret')).status === 200,
        15_000,
      );
      expect(recovered).toBeLessThan(15_000);
      expect((await server.request('GET', '/health/ready')).status).toBe(200);
    }
    // Notices flow again: a revocation on B reaches A.
    const again = (await login(b, 'johndoe', 'secret')).body.access_token;
    expect((await a.request('GET', '/users/me', { token: again })).status).toBe(200);
    await b.request('POST', '/revoke', { form: { token: again } });
    const delay = await timeUntil(
      async () => (await a.request('GET', '/users/me', { token: again })).status === 401,
    );
    expect(delay).toBeLessThan(1000);
    for (const server of [a, b]) {
      expect(server.statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    }
  });
});
