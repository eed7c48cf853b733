import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Introspect, ResourceServerModule, Scopes } from '@scopegate/resource-server';
import { generateKeyPairSync } from 'node:crypto';
import { createService } from '../examples/resource-server/service';
import { KeyStore } from '../src/keys/key-store';
import { useTestApp } from './support/app';
import { decodeToken, forge, validClaims } from './support/forge';
import { basic, DEMO_SERVICE, postForm } from './support/oauth';

/**
 * examples/resource-server: another NestJS service (Express) on @scopegate/resource-server,
 * against a running Scopegate: its metadata, catalog and JWKS over HTTP, and its tokens.
 */
describe('the example service on @scopegate/resource-server, against Scopegate', () => {
  const scopegate = useTestApp();
  let service: INestApplication;
  let serviceUrl: string;
  let jwksFetches: jest.SpyInstance;

  beforeAll(async () => {
    // Every JWKS request reaches the key store: counting its calls counts the fetches.
    jwksFetches = jest.spyOn(scopegate.app.get(KeyStore), 'jwks');
    service = await createService({ issuer: scopegate.url, audience: 'scopegate-api' });
    await service.listen(0, '127.0.0.1');
    serviceUrl = (await service.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => service.close());

  const call = async (path: string, token?: string, method = 'GET') => {
    const response = await fetch(`${serviceUrl}${path}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      challenge: response.headers.get('www-authenticate'),
    };
  };

  const serviceToken = async () => {
    const result = await postForm(
      scopegate,
      '/token',
      { grant_type: 'client_credentials', scope: 'items:read' },
      basic(DEMO_SERVICE.id, DEMO_SERVICE.secret),
    );
    expect(result.status).toBe(200);
    return result.body.access_token as string;
  };

  it("accepts a user's token, and sees its subject", async () => {
    const token = await scopegate.token('johndoe', 'secret', 'items:read');
    const { status, body } = await call('/reports', token);
    expect(status).toBe(200);
    expect(body).toEqual({
      subject: decodeToken(token).payload.sub,
      client: 'first-party',
      actingFor: 'a user',
      reports: ['weekly', 'monthly'],
    });
  });

  it("accepts a client's own token (client credentials)", async () => {
    const { status, body } = await call('/reports', await serviceToken());
    expect(status).toBe(200);
    expect(body).toMatchObject({ subject: 'demo-service', actingFor: 'itself' });
  });

  it('fetched the JWKS once, and verifies from its cache', async () => {
    const before = jwksFetches.mock.calls.length;
    expect(before).toBe(1);
    for (let i = 0; i < 3; i += 1) {
      const token = await scopegate.token('johndoe', 'secret', 'items:read');
      expect((await call('/reports', token)).status).toBe(200);
    }
    expect(jwksFetches.mock.calls.length).toBe(before);
  });

  it("applies Scopegate's scopes and implications: class and handler scopes add up", async () => {
    const reader = await scopegate.token('johndoe', 'secret', 'items:read');
    const refused = await call('/reports', reader, 'POST');
    expect(refused.status).toBe(403);
    expect(refused.body.scope).toBe('items:read items:write');
    expect(refused.challenge).toContain('error="insufficient_scope"');
    // items:write implies items:read in Scopegate's catalog.
    const writer = await scopegate.token('johndoe', 'secret', 'items:write');
    expect((await call('/reports', writer, 'POST')).status).toBe(201);
    expect((await call('/reports', writer)).status).toBe(200);
    const other = await scopegate.token('johndoe', 'secret', 'me');
    expect((await call('/reports', other)).status).toBe(403);
  });

  it('refuses no token, and a token signed by anyone else under a published kid', async () => {
    const missing = await call('/reports');
    expect(missing.status).toBe(401);
    expect(missing.challenge).toBe('Bearer realm="scopegate", scope="items:read"');
    const genuine = await scopegate.token('johndoe', 'secret', 'items:read');
    const { header, payload } = decodeToken(genuine);
    const forged = forge({
      header,
      payload: { ...validClaims(payload.sub, 'items:read') },
      signWith: 'ES256',
      key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    expect((await call('/reports', forged)).status).toBe(401);
    expect((await call('/health')).status).toBe(200);
  });

  it("documents its operations with Scopegate's scheme and each one's requirement", async () => {
    const document = (await (await fetch(`${serviceUrl}/docs-json`)).json()) as {
      components: { securitySchemes: Record<string, any> };
      paths: Record<string, Record<string, { security: unknown }>>;
    };
    const scheme = document.components.securitySchemes.Scopegate;
    expect(scheme.flows.authorizationCode.authorizationUrl).toBe(`${scopegate.url}/authorize`);
    expect(scheme.flows.clientCredentials.tokenUrl).toBe(`${scopegate.url}/token`);
    expect(scheme.flows.authorizationCode.scopes['items:write']).toBe(
      'Create and update items (implies items:read)',
    );
    expect(document.paths['/reports'].get.security).toEqual([{ Scopegate: ['items:read'] }]);
    expect(document.paths['/reports'].post.security).toEqual([
      { Scopegate: ['items:read', 'items:write'] },
    ]);
    expect(document.paths['/health'].get.security).toEqual([]);
  });
});

/** A service route that must refuse a revoked token at once, against Scopegate's /introspect. */
describe('@Introspect() against Scopegate', () => {
  const scopegate = useTestApp();
  let service: INestApplication;
  let serviceUrl: string;

  @Controller('payouts')
  @Scopes('items:read')
  class PayoutsController {
    @Get()
    @Introspect()
    list() {
      return { payouts: [] };
    }
  }

  beforeAll(async () => {
    @Module({
      imports: [
        ResourceServerModule.forRoot({
          issuer: scopegate.url,
          audience: 'scopegate-api',
          introspection: {
            clientId: DEMO_SERVICE.id,
            clientSecret: DEMO_SERVICE.secret,
            cacheSeconds: 0.2,
          },
        }),
      ],
      controllers: [PayoutsController],
    })
    class PayoutsServiceModule {}
    service = await NestFactory.create(PayoutsServiceModule, { logger: false });
    await service.listen(0, '127.0.0.1');
    serviceUrl = (await service.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => service.close());

  const payouts = (token: string) =>
    fetch(`${serviceUrl}/payouts`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts an active token, and refuses it once Scopegate has revoked it', async () => {
    const token = await scopegate.token('johndoe', 'secret', 'items:read');
    expect((await payouts(token)).status).toBe(200);
    expect((await postForm(scopegate, '/revoke', { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const refused = await payouts(token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: 'invalid_token',
      error_description: 'The access token is no longer active',
    });
  });
});
