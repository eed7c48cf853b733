import { ConfigurationError } from '../src/config/environment';
import { startApp, type HttpResult, useTestApp } from './support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Security headers, no-store, CORS. */
describe('security headers', () => {
  const app = useTestApp();
  let token: string;
  beforeAll(async () => {
    token = await app.token('johndoe', 'secret', 'me items items:read');
  });

  it('sends helmet headers and nosniff on every kind of response', async () => {
    const responses: HttpResult[] = [
      await app.request('POST', '/token', {
        form: { grant_type: 'password', username: 'johndoe', password: 'secret' },
      }),
      await app.request('POST', '/token', { form: { grant_type: 'password' } }),
      await app.request('GET', '/users/me', { token }),
      await app.request('GET', '/users/me'),
      await app.request('GET', '/items', { token: 'forged' }),
      await app.request('GET', '/no/such/route'),
      await app.request('POST', '/items', {
        token,
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
      await app.request('GET', '/health/live'),
    ];
    for (const response of responses) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      // JSON is never rendered: nothing may load or frame it.
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('gives Swagger UI a page policy: own scripts only, inline styles, no https upgrade', async () => {
    for (const path of ['/docs', '/docs/swagger-ui-init.js']) {
      const response = await app.request('GET', path);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Swagger UI's files must load over plain http too.
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('keeps token responses and user data out of caches (Cache-Control: no-store)', async () => {
    const issued = await app.request('POST', '/token', {
      form: { grant_type: 'password', username: 'johndoe', password: 'secret' },
    });
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.headers.get('pragma')).toBe('no-cache');
    for (const path of ['/users/me', '/users/me/items', '/items']) {
      const result = await app.request('GET', path, { token });
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('has CORS off by default: no Access-Control-Allow-Origin for anyone', async () => {
    const preflight = await app.request('OPTIONS', '/items', {
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await app.request('GET', '/users/me', {
      token,
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS with an allow-list', () => {
  const app = useTestApp({ CORS_ORIGINS: 'https://app.example.com,http://localhost:5173' });

  const preflight = (origin: string) =>
    app.request('OPTIONS', '/items', {
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('echoes a listed origin, never *, and never allows credentials', async () => {
    for (const origin of ['https://app.example.com', 'http://localhost:5173']) {
      const result = await preflight(origin);
      expect(result.status).toBeLessThan(300);
      expect(result.headers.get('access-control-allow-origin')).toBe(origin);
      expect(result.headers.get('access-control-allow-credentials')).toBeNull();
      expect(result.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'authorization',
      );
    }
  });

  it('gives other origins nothing', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
      const result = await preflight(origin);
      expect(result.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

/** Probes and request ids (log content is checked in the faults suite). */
describe('operations', () => {
  const app = useTestApp();

  it('answers /health/live and /health/ready without a token', async () => {
    const live = await app.request('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await app.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('gives every response its own request id, and ignores a client-chosen one', async () => {
    const first = await app.request('GET', '/health/live');
    const second = await app.request('GET', '/users/me');
    const spoofed = await app.request('GET', '/health/live', {
      headers: { 'x-request-id': 'chosen-by-client' },
    });
    const ids = [first, second, spoofed].map((result) => result.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
  });

  it('keeps the proxy’s request id when TRUST_PROXY is set', async () => {
    const proxied = await startApp({ TRUST_PROXY: 'loopback' });
    try {
      const kept = await proxied.request('GET', '/health/live', {
        headers: { 'x-request-id': 'edge-1234' },
      });
      expect(kept.headers.get('x-request-id')).toBe('edge-1234');
      const hostile = await proxied.request('GET', '/health/live', {
        headers: { 'x-request-id': 'a"} {"level":60,"msg":"forged"' },
      });
      expect(hostile.headers.get('x-request-id')).toMatch(UUID);
    } finally {
      await proxied.close();
    }
  });
});

/** Start-up refuses what production must not run with. */
describe('start-up configuration', () => {
  it.each([
    [{ NODE_ENV: 'production', DEMO_DATA: 'true' }, /DEMO_DATA/],
    [
      { NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: '' },
      /KEY_ENCRYPTION_SECRET: required in production/,
    ],
    [{ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: 'short' }, /KEY_ENCRYPTION_SECRET/],
    [{ PORT: 'http', TOKEN_RATE_LIMIT_WINDOW: '-1' }, /PORT:[\s\S]*TOKEN_RATE_LIMIT_WINDOW:/],
    [{ NODE_ENV: 'production', DEMO_DATA: '' }, /ISSUER: required in production/],
    [
      { NODE_ENV: 'production', DEMO_DATA: '', ISSUER: 'http://auth.example.com' },
      /ISSUER: must be https:\/\/ in production/,
    ],
    [{ ISSUER: 'http://127.0.0.1:3000/auth/' }, /ISSUER: must not end with a slash/],
    [{ ISSUER: 'https://auth.example.com?tenant=a' }, /ISSUER: must not have a query/],
    [{ ISSUER: 'https://auth.example.com#a' }, /ISSUER: must not have a fragment/],
    [{ ISSUER: 'scopegate' }, /ISSUER: must be an absolute URL/],
  ])('refuses %p with a message naming the variable', async (env, message) => {
    const starting = startApp({ DEMO_DATA: '', ...env });
    await expect(starting).rejects.toBeInstanceOf(ConfigurationError);
    await expect(starting).rejects.toThrow(message);
  });
});
