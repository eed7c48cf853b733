import { type HttpResult, type TestApp, useTestApp } from './support/app';

const attempt = (app: TestApp, username: string, password: string, forwardedFor?: string) =>
  app.request('POST', '/token', {
    form: { grant_type: 'password', username, password },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

function expectThrottled(result: HttpResult): void {
  expect(result.status).toBe(429);
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(result.headers.get('cache-control')).toBe('no-store');
  expect(result.body).toEqual({
    error: 'slow_down',
    error_description: expect.stringMatching(/^Too many token requests; retry after \d+ seconds$/),
  });
}

/** Bounded guesses per client address and per username. */
describe('brute force on POST /token', () => {
  describe('one address trying many usernames (no trusted proxy)', () => {
    const app = useTestApp({ TOKEN_RATE_LIMIT_PER_IP: '5', TOKEN_RATE_LIMIT_PER_USERNAME: '100' });

    it('answers 429 after the per-address limit, and a spoofed X-Forwarded-For does not reset it', async () => {
      for (let i = 0; i < 5; i++) {
        expect((await attempt(app, `user${i}`, 'guess')).status).toBe(400);
      }
      expectThrottled(await attempt(app, 'user5', 'guess'));
      for (const spoofed of ['203.0.113.7', '198.51.100.1, 203.0.113.8', '::1']) {
        expectThrottled(await attempt(app, 'user6', 'guess', spoofed));
      }
      // Even the right password: the budget is spent.
      expectThrottled(await attempt(app, 'johndoe', 'secret'));
      // Malformed requests count too, and get the same answer.
      expectThrottled(await app.request('POST', '/token', { form: { grant_type: 'password' } }));
    });
  });

  describe('many addresses trying one username (behind a trusted proxy)', () => {
    const app = useTestApp({
      TRUST_PROXY: 'true',
      TOKEN_RATE_LIMIT_PER_IP: '3',
      TOKEN_RATE_LIMIT_PER_USERNAME: '4',
    });

    it('answers 429 after the per-username limit, whatever the address and the case', async () => {
      const spellings = ['johndoe', 'JohnDoe', 'JOHNDOE', 'johnDOE'];
      for (let i = 0; i < 4; i++) {
        const result = await attempt(app, spellings[i], `guess${i}`, `203.0.113.${i + 1}`);
        expect(result.status).toBe(400);
        expect(result.body.error).toBe('invalid_grant');
      }
      expectThrottled(await attempt(app, 'johndoe', 'guess', '203.0.113.99'));
      expectThrottled(await attempt(app, 'johndoe', 'secret', '198.51.100.50'));
      // Another user is unaffected.
      expect((await attempt(app, 'alice', 'guess', '198.51.100.51')).status).toBe(400);
    });

    it('takes the client address from X-Forwarded-For when TRUST_PROXY says so', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await attempt(app, `probe${i}`, 'guess', '192.0.2.10')).status).toBe(400);
      }
      expectThrottled(await attempt(app, 'probe3', 'guess', '192.0.2.10'));
      // A different client behind the same proxy has its own budget.
      expect((await attempt(app, 'probe4', 'guess', '192.0.2.11')).status).toBe(400);
    });
  });
});

/** Unknown user, wrong password and disabled account look the same. */
describe('account enumeration on POST /token', () => {
  const app = useTestApp();

  const cases = {
    'unknown user': ['nobody-by-that-name', 'secret'],
    'wrong password': ['johndoe', 'not-the-password'],
    'disabled account': ['alice', 'secretalice'],
  } as const;

  it('answers the three identically: status, headers that matter, body', async () => {
    const results = await Promise.all(
      Object.values(cases).map(([username, password]) => attempt(app, username, password)),
    );
    for (const result of results) {
      expect(result.status).toBe(400);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.text).toBe(results[0].text);
    }
    expect(results[0].body).toEqual({
      error: 'invalid_grant',
      error_description: 'Incorrect username or password',
    });
  });

  it('takes the same time for the three (each pays one argon2 verification)', async () => {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const timings: Record<string, number[]> = {};
    for (const [name] of Object.entries(cases)) timings[name] = [];
    // Warm up (the dummy hash is made on first use), then interleave to share any noise.
    for (const [username, password] of Object.values(cases)) {
      await attempt(app, username, password);
    }
    for (let round = 0; round < 7; round++) {
      for (const [name, [username, password]] of Object.entries(cases)) {
        const started = performance.now();
        await attempt(app, username, password);
        timings[name].push(performance.now() - started);
      }
    }
    const medians = Object.values(timings).map(median);
    expect(Math.max(...medians) / Math.min(...medians)).toBeLessThan(1.5);
    // And all of them cost an argon2 verification, not a quick "no such user".
    expect(Math.min(...medians)).toBeGreaterThan(5);
  });
});
