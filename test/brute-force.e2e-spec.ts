import { type HttpResult, type TestApp, useTestApp } from './support/app';
import { shiftableClock } from './support/clock';

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

/** Bounded guesses per client address (every attempt) and per account (failures only). */
describe('brute force on POST /token', () => {
  describe('one address trying many usernames (no trusted proxy)', () => {
    const app = useTestApp({ TOKEN_RATE_LIMIT_PER_IP: '5' });

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

  describe('the per-address limit behind a trusted proxy', () => {
    const app = useTestApp({ TRUST_PROXY: 'true', TOKEN_RATE_LIMIT_PER_IP: '3' });

    it('takes the client address from X-Forwarded-For when TRUST_PROXY says so', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await attempt(app, `probe${i}`, 'guess', '192.0.2.10')).status).toBe(400);
      }
      expectThrottled(await attempt(app, 'probe3', 'guess', '192.0.2.10'));
      // A different client behind the same proxy has its own budget.
      expect((await attempt(app, 'probe4', 'guess', '192.0.2.11')).status).toBe(400);
    });
  });

  describe('one account guessed from many addresses (LOGIN_MAX_FAILURES=3)', () => {
    const app = useTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '3' });
    let address = 0;
    /** Each guess from a new address: only the account rule can stop them. */
    const guess = (username: string, password: string) =>
      attempt(app, username, password, `198.51.100.${++address}`);
    let clock: ReturnType<typeof shiftableClock>;
    beforeAll(() => (clock = shiftableClock()));
    afterAll(() => clock.restore());

    it('locks the account after the failures, whatever the case, with the wrong-password answer', async () => {
      const wrong = await guess('johndoe', 'guess-0');
      expect(wrong.body.error).toBe('invalid_grant');
      await guess('JohnDoe', 'guess-1');
      await guess('JOHNDOE', 'guess-2');
      // Locked: even the right password gets exactly the wrong-password answer.
      const locked = await guess('johndoe', 'secret');
      expect(locked.status).toBe(400);
      expect(locked.text).toBe(wrong.text);
      expect(locked.headers.get('cache-control')).toBe(wrong.headers.get('cache-control'));
      expect(locked.headers.get('retry-after')).toBeNull();
      // Another account is unaffected.
      expect((await guess('admin', 'guess')).status).toBe(400);
    });

    it('takes as long to refuse a locked account as a wrong password', async () => {
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
      const timings = { locked: [] as number[], wrong: [] as number[] };
      for (let round = 0; round < 5; round++) {
        for (const [kind, username] of [
          ['locked', 'johndoe'],
          ['wrong', 'alice'],
        ] as const) {
          const started = performance.now();
          await guess(username, 'secret');
          timings[kind].push(performance.now() - started);
        }
      }
      const [locked, wrong] = [median(timings.locked), median(timings.wrong)];
      expect(Math.max(locked, wrong) / Math.min(locked, wrong)).toBeLessThan(1.5);
    });

    it('doubles the lockout while the failures go on; a success starts over', async () => {
      clock.advance(61); // the first lockout (one minute) is over
      for (let i = 0; i < 3; i++) await guess('johndoe', `again-${i}`); // the second: two minutes
      clock.advance(61);
      expect((await guess('johndoe', 'secret')).status).toBe(400);
      clock.advance(60);
      expect((await guess('johndoe', 'secret')).status).toBe(200);
      for (let i = 0; i < 3; i++) await guess('johndoe', `after-${i}`); // one minute again
      clock.advance(61);
      expect((await guess('johndoe', 'secret')).status).toBe(200);
    });

    it('counts failures in a row only: a success in between forgets them', async () => {
      for (let round = 0; round < 3; round++) {
        expect((await guess('johndoe', 'nope-1')).status).toBe(400);
        expect((await guess('johndoe', 'nope-2')).status).toBe(400);
        expect((await guess('johndoe', 'secret')).status).toBe(200);
      }
    });

    it('never holds back a user who logs in successfully, 50 times in a row', async () => {
      for (let i = 0; i < 50; i++) {
        expect((await guess('johndoe', 'secret')).status).toBe(200);
      }
    });

    it('locks a client_id after wrong secrets the same way: even its right secret is refused', async () => {
      const secretFrom = (secret: string) =>
        app.request('POST', '/token', {
          form: { grant_type: 'client_credentials' },
          headers: {
            authorization: `Basic ${Buffer.from(`demo-service:${secret}`).toString('base64')}`,
            'x-forwarded-for': `198.51.100.${++address}`,
          },
        });
      const wrong = await secretFrom('wrong-1');
      expect(wrong.status).toBe(401);
      await secretFrom('wrong-2');
      await secretFrom('wrong-3');
      const locked = await secretFrom('demo-service-secret');
      expect(locked.status).toBe(401);
      expect(locked.body).toEqual(wrong.body);
      expect(locked.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
      // Another client, and the users, are not affected.
      expect((await guess('johndoe', 'secret')).status).toBe(200);
      clock.advance(61);
      expect((await secretFrom('demo-service-secret')).status).toBe(200);
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
