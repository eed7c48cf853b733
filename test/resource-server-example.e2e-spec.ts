import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPairSync } from 'node:crypto';
import { createResourceServer } from '../examples/resource-server/resource-server';
import { KeyStore } from '../src/keys/key-store';
import { useTestApp } from './support/app';
import { decodeToken, forge, validClaims } from './support/forge';

/** examples/resource-server: another NestJS service verifying Scopegate's tokens from its JWKS. */
describe('a second service verifying Scopegate tokens with passport-jwt and jwks-rsa', () => {
  const scopegate = useTestApp();
  let service: NestFastifyApplication;
  let serviceUrl: string;
  let jwksFetches: jest.SpyInstance;

  beforeAll(async () => {
    service = await createResourceServer({
      scopegateUrl: scopegate.url,
      issuer: scopegate.url,
      audience: 'scopegate-api',
    });
    await service.listen(0, '127.0.0.1');
    serviceUrl = (await service.getUrl()).replace('[::1]', '127.0.0.1');
    // Every JWKS request reaches the key store: counting its calls counts the fetches.
    jwksFetches = jest.spyOn(scopegate.app.get(KeyStore), 'jwks');
  });
  afterAll(() => service.close());

  const reports = (token?: string) =>
    fetch(`${serviceUrl}/reports`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('accepts a token Scopegate issued, and sees its subject', async () => {
    const token = await scopegate.token('johndoe', 'secret', 'items:read');
    const response = await reports(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      subject: decodeToken(token).payload.sub,
      reports: ['weekly', 'monthly'],
    });
    expect(jwksFetches).toHaveBeenCalled();
  });

  it('fetches the JWKS once, then verifies from its cache', async () => {
    const before = jwksFetches.mock.calls.length;
    for (let i = 0; i < 3; i += 1) {
      const token = await scopegate.token('johndoe', 'secret', 'items:read');
      expect((await reports(token)).status).toBe(200);
    }
    expect(jwksFetches.mock.calls.length).toBe(before);
  });

  it('applies its own scope rule to a valid token', async () => {
    const token = await scopegate.token('johndoe', 'secret', 'me');
    expect((await reports(token)).status).toBe(403);
  });

  it('refuses no token, and a token signed by anyone else under a published kid', async () => {
    expect((await reports()).status).toBe(401);
    const genuine = await scopegate.token('johndoe', 'secret', 'items:read');
    const { header, payload } = decodeToken(genuine);
    const forged = forge({
      header,
      payload: { ...validClaims(payload.sub, 'items:read') },
      signWith: 'ES256',
      key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    expect((await reports(forged)).status).toBe(401);
  });
});
