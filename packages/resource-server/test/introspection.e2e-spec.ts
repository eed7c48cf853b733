import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Introspect, Scopes } from '../src';
import { FakeIssuer, INTROSPECTOR } from './support/fake-issuer';
import {
  call,
  expectUnavailable,
  HealthController,
  PLATFORMS,
  ReportsController,
  startService,
} from './support/service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A route that must not accept a token revoked at Scopegate. */
@Controller('payouts')
@Scopes('reports:write')
class PayoutsController {
  @Get()
  @Introspect()
  list() {
    return { payouts: [] };
  }
}

describe.each(PLATFORMS)('@Introspect() on %s', (_, platform) => {
  let issuer: FakeIssuer;
  let app: INestApplication;
  let url: string;

  beforeEach(async () => {
    issuer = await new FakeIssuer().start();
    ({ app, url } = await startService(
      platform,
      { issuer: issuer.url, introspection: { ...INTROSPECTOR, cacheSeconds: 0.3 } },
      [PayoutsController, ReportsController, HealthController],
    ));
  });
  afterEach(async () => {
    await app.close();
    await issuer.stop();
  });

  it('asks Scopegate once for a token, then reuses the answer for a moment', async () => {
    const token = issuer.token('reports:write');
    expect((await call(url, '/payouts', { token })).status).toBe(200);
    expect((await call(url, '/payouts', { token })).status).toBe(200);
    expect(issuer.fetches.introspect).toBe(1);
  });

  it('shares one question among requests about the same token', async () => {
    const token = issuer.token('reports:write');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(url, '/payouts', { token })),
    );
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200]);
    expect(issuer.fetches.introspect).toBe(1);
  });

  it('refuses a token revoked at Scopegate once the remembered answer has expired', async () => {
    const token = issuer.token('reports:write');
    expect((await call(url, '/payouts', { token })).status).toBe(200);
    issuer.revoked.add(token);
    await sleep(350);
    const { status, body, headers } = await call(url, '/payouts', { token });
    expect(status).toBe(401);
    expect(body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is no longer active',
    });
    expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
    // A route without @Introspect() still accepts it until it expires: the documented limit.
    expect((await call(url, '/reports', { token })).status).toBe(200);
    expect(issuer.fetches.introspect).toBe(2);
  });

  it('checks scopes before asking, and never asks for routes without @Introspect()', async () => {
    expect((await call(url, '/payouts', { token: issuer.token('reports:read') })).status).toBe(403);
    expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(200);
    expect(issuer.fetches.introspect).toBe(0);
  });

  it('answers 503 with Retry-After when the introspection cannot be had', async () => {
    issuer.down.introspect = true;
    expectUnavailable(await call(url, '/payouts', { token: issuer.token('reports:write') }));
  });

  it('answers 503 when Scopegate refuses the service as a client, never 200', async () => {
    await app.close();
    ({ app, url } = await startService(
      platform,
      { issuer: issuer.url, introspection: { clientId: 'reports-service', clientSecret: 'wrong' } },
      [PayoutsController],
    ));
    expect((await call(url, '/payouts', { token: issuer.token('reports:write') })).status).toBe(
      503,
    );
  });
});

describe('@Introspect() without the introspection option', () => {
  it('stops the start-up, naming the handler', async () => {
    const issuer = await new FakeIssuer().start();
    try {
      await expect(
        startService(PLATFORMS[0][1], { issuer: issuer.url }, [PayoutsController]),
      ).rejects.toThrow(
        'PayoutsController.list is @Introspect() but ResourceServerModule has no introspection option',
      );
    } finally {
      await issuer.stop();
    }
  });
});
