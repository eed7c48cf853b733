import { Controller, Get, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { sign } from 'jsonwebtoken';
import { ResourceServerModule, Scopes } from '../src';
import { AUDIENCE, FakeIssuer, newKey } from './support/fake-issuer';
import {
  call,
  expectUnavailable,
  HealthController,
  PLATFORMS,
  ReportsController,
  startService,
} from './support/service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(PLATFORMS)('a NestJS service on %s', (_, platform) => {
  describe('verifying access tokens (RFC 9068) and scopes', () => {
    const issuer = new FakeIssuer();
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      await issuer.start();
      ({ app, url } = await startService(platform, { issuer: issuer.url }));
    });
    afterAll(async () => {
      await app.close();
      await issuer.stop();
    });

    const reports = (token?: string) => call(url, '/reports', { token });

    it('answers a valid token with 200 and gives the handler the principal', async () => {
      const { status, body } = await reports(issuer.token('reports:read'));
      expect(status).toBe(200);
      expect(body).toEqual({
        sub: 'user-1',
        clientId: 'first-party',
        isClient: false,
        scopes: ['reports:read'],
        effectiveScopes: ['reports:read'],
      });
    });

    it("sees a client's own token (client credentials) as a client", async () => {
      const token = issuer.token('reports:read', {
        sub: 'reporting-job',
        client_id: 'reporting-job',
      });
      const { status, body } = await reports(token);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        sub: 'reporting-job',
        clientId: 'reporting-job',
        isClient: true,
      });
    });

    it.each(['iss', 'aud', 'sub', 'client_id', 'exp', 'iat', 'jti'])(
      'refuses a token without %s with 401 invalid_token',
      async (claim) => {
        const { status, body, headers } = await reports(
          issuer.token('reports:read', {}, { without: [claim] }),
        );
        expect(status).toBe(401);
        expect(body.error).toBe('invalid_token');
        expect(headers.get('www-authenticate')).toMatch(
          /^Bearer realm="scopegate", error="invalid_token"/,
        );
      },
    );

    it('refuses an ID token (typ: JWT) with 401', async () => {
      const { status, body } = await reports(
        issuer.token('reports:read', {}, { header: { typ: 'JWT' } }),
      );
      expect(status).toBe(401);
      expect(body.error_description).toBe('The token is not an access token (typ must be at+jwt)');
    });

    it('refuses alg: none with 401', async () => {
      const [header, payload] = issuer.token('reports:read').split('.');
      const none = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' }),
      ).toString('base64url');
      expect((await reports(`${none}.${payload}.`)).status).toBe(401);
    });

    it('refuses HS256 signed with the public key as the secret', async () => {
      const [key] = issuer.keys;
      const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
      const token = sign(issuer.claims('reports:read'), secret, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', kid: key.kid },
      });
      const { status, body } = await reports(token);
      expect(status).toBe(401);
      expect(body.error_description).toBe("The token's algorithm is not its key's (ES256)");
    });

    it('refuses an algorithm the key does not have (RS256 under an ES256 kid)', async () => {
      const rsa = newKey('RS256');
      const token = issuer.token('reports:read', {}, { key: { ...rsa, kid: issuer.keys[0].kid } });
      expect((await reports(token)).status).toBe(401);
    });

    it('refuses a token signed by another key under a published kid', async () => {
      const forger = newKey('ES256');
      const token = issuer.token(
        'reports:read',
        {},
        { key: { ...forger, kid: issuer.keys[0].kid } },
      );
      const { status, body } = await reports(token);
      expect(status).toBe(401);
      expect(body.error_description).toBe('The access token is invalid (invalid signature)');
    });

    it.each([
      ['another issuer', { iss: 'https://evil.example' }],
      ['another audience', { aud: 'another-api' }],
      ['an expiry beyond the clock skew', { exp: Math.floor(Date.now() / 1000) - 60 }],
      ['nbf ahead', { nbf: Math.floor(Date.now() / 1000) + 60 }],
    ])('refuses %s with 401', async (_, overrides) => {
      const { status, body } = await reports(issuer.token('reports:read', overrides));
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_token');
    });

    it('accepts a token expired within the clock skew', async () => {
      const token = issuer.token('reports:read', { exp: Math.floor(Date.now() / 1000) - 2 });
      expect((await reports(token)).status).toBe(200);
    });

    it('requires the class and the handler scopes: 403 naming both', async () => {
      const { status, body, headers } = await call(url, '/reports', {
        method: 'POST',
        token: issuer.token('reports:read'),
      });
      expect(status).toBe(403);
      expect(body).toEqual({
        error: 'insufficient_scope',
        error_description: 'The access token does not grant every scope this route requires',
        scope: 'reports:read reports:write',
      });
      expect(headers.get('www-authenticate')).toContain('scope="reports:read reports:write"');
    });

    it('lets both scopes through, and a scope that implies the other', async () => {
      const both = issuer.token('reports:read reports:write');
      expect((await call(url, '/reports', { method: 'POST', token: both })).status).toBe(201);
      // reports:write implies reports:read in the issuer's catalog; admin implies everything.
      for (const scope of ['reports:write', 'admin']) {
        const token = issuer.token(scope);
        expect((await call(url, '/reports', { method: 'POST', token })).status).toBe(201);
      }
    });

    it('serves a @Public() route with and without a token', async () => {
      expect((await call(url, '/health')).status).toBe(200);
      expect((await call(url, '/health', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
    });

    it('accepts the scheme in lower case', async () => {
      const authorization = `bearer ${issuer.token('reports:read')}`;
      expect((await call(url, '/reports', { authorization })).status).toBe(200);
    });

    it.each([
      ['no Authorization header', undefined],
      ['Basic credentials', 'Basic am9objpzZWNyZXQ='],
    ])('answers %s with 401 and a challenge without an error code', async (_, authorization) => {
      const { status, body, headers } = await call(url, '/reports', { authorization });
      expect(status).toBe(401);
      expect(body.error).toBe('unauthorized');
      expect(headers.get('www-authenticate')).toBe(
        'Bearer realm="scopegate", scope="reports:read"',
      );
    });
  });

  describe("fetching the issuer's keys", () => {
    let issuer: FakeIssuer;
    let app: INestApplication;
    let url: string;

    beforeEach(async () => {
      issuer = await new FakeIssuer().start();
      ({ app, url } = await startService(platform, {
        issuer: issuer.url,
        refetchCooldown: 0.4,
        keysMaxAge: 0.8,
      }));
    });
    afterEach(async () => {
      await app.close();
      await issuer.stop();
    });

    it('fetches the JWKS once for ten concurrent first requests', async () => {
      expect(issuer.fetches.jwks).toBe(0);
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          call(url, '/reports', { token: issuer.token('reports:read') }),
        ),
      );
      expect(statuses.map(({ status }) => status)).toEqual(Array(10).fill(200));
      expect(issuer.fetches.jwks).toBe(1);
    });

    it('refetches once for an unknown kid, then refuses unknown kids during the cool-down', async () => {
      expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
      await sleep(450);
      const stranger = newKey();
      const first = await call(url, '/reports', {
        token: issuer.token('reports:read', {}, { key: stranger }),
      });
      expect(first.status).toBe(401);
      expect(first.body.error_description).toBe('The token was signed by a key we do not know');
      expect(issuer.fetches.jwks).toBe(2);
      for (let i = 0; i < 5; i += 1) {
        const token = issuer.token('reports:read', {}, { key: newKey() });
        expect((await call(url, '/reports', { token })).status).toBe(401);
      }
      expect(issuer.fetches.jwks).toBe(2);
    });

    it('finds a rotated key after the refetch', async () => {
      expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
      const rotated = newKey('RS256');
      issuer.keys.push(rotated);
      await sleep(450);
      const token = issuer.token('reports:read', {}, { key: rotated });
      expect((await call(url, '/reports', { token })).status).toBe(200);
      expect(issuer.fetches.jwks).toBe(2);
    });

    it('answers 503 with Retry-After when the JWKS is down and no key is held', async () => {
      issuer.down.jwks = true;
      expectUnavailable(
        await call(url, '/reports', { token: issuer.token('reports:read') }),
        "The issuer's signing keys cannot be fetched",
      );
    });

    it('keeps the keys it holds when the JWKS is down after they expire', async () => {
      expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
      issuer.down.jwks = true;
      await sleep(900);
      // A token not seen before, so its signature is checked with the held key.
      expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
      expect(issuer.fetches.jwks).toBe(2);
    });
  });

  describe('start-up', () => {
    it('starts while the issuer is down, answers 503, and recovers without a restart', async () => {
      const issuer = await new FakeIssuer().start();
      issuer.down.metadata = true;
      const { app, url } = await startService(platform, {
        issuer: issuer.url,
        refetchCooldown: 0.3,
      });
      try {
        const token = issuer.token('reports:read');
        expectUnavailable(await call(url, '/reports', { token }));
        // The public route does not depend on the issuer.
        expect((await call(url, '/health')).status).toBe(200);
        issuer.down.metadata = false;
        await sleep(350);
        expect((await call(url, '/reports', { token })).status).toBe(200);
      } finally {
        await app.close();
        await issuer.stop();
      }
    });

    it("refuses to start when a route requires a scope the issuer's catalog lacks", async () => {
      const issuer = await new FakeIssuer().start();
      @Controller('ghosts')
      class GhostsController {
        @Get()
        @Scopes('ghosts:haunt')
        haunt() {}
      }
      try {
        await expect(
          startService(platform, { issuer: issuer.url }, [GhostsController]),
        ).rejects.toThrow(
          `GhostsController.haunt requires scope "ghosts:haunt", which Scopegate's catalog (${issuer.url}/.well-known/scope-catalog.json) does not declare`,
        );
      } finally {
        await issuer.stop();
      }
    });

    it('refuses metadata that names another issuer', async () => {
      const issuer = await new FakeIssuer().start();
      const { app, url } = await startService(platform, {
        issuer: 'https://auth.example.com',
        discoveryUrl: `${issuer.url}/.well-known/oauth-authorization-server`,
      });
      try {
        expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
          503,
        );
      } finally {
        await app.close();
        await issuer.stop();
      }
    });
  });
});

describe('ResourceServerModule.forRootAsync', () => {
  it('takes its options from a factory with injected providers', async () => {
    const issuer = await new FakeIssuer().start();
    @Injectable()
    class Settings {
      readonly issuer = issuer.url;
    }
    @Module({ providers: [Settings], exports: [Settings] })
    class SettingsModule {}
    @Module({
      imports: [
        ResourceServerModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({ issuer: settings.issuer, audience: AUDIENCE }),
        }),
      ],
      controllers: [ReportsController, HealthController],
    })
    class AsyncServiceModule {}
    const app = await NestFactory.create(AsyncServiceModule, new ExpressAdapter(), {
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await call(url, '/reports', { token: issuer.token('reports:read') })).status).toBe(
        200,
      );
      expect((await call(url, '/reports')).status).toBe(401);
    } finally {
      await app.close();
      await issuer.stop();
    }
  });
});
