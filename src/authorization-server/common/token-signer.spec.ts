import { JwtService } from '@nestjs/jwt';
import { decode, verify, type JwtPayload } from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import type { TokensConfig } from '../../config/tokens.config';
import type { KeyStore } from '../../keys/key-store';
import { earliestIssueTime } from '../../users/user-liveness';
import type { User } from '../../users/user.entity';
import { TokenSigner } from './token-signer';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keys = {
  current: () => ({ kid: 'key-1', algorithm: 'ES256' as const, privateKey }),
} as KeyStore;
const config: TokensConfig = {
  accessTokenTtlSeconds: 900,
  idTokenTtlSeconds: 900,
  issuer: 'https://issuer.test',
  audience: 'test-api',
  clockToleranceSeconds: 5,
  cacheSize: 0,
  refreshTokenTtlSeconds: 3600,
  refreshTokenMaxLifetimeSeconds: 7200,
  refreshTokenReuseGraceSeconds: 0,
};
const user = { id: '6f1c2d4e-0000-4000-8000-000000000001', username: 'johndoe' } as User;

describe('TokenSigner', () => {
  const service = new TokenSigner(new JwtService({}), keys, config);

  async function issueAndVerify(scopes: string[]) {
    const access = await service.sign(user.id, 'first-party', scopes);
    const response = service.response(access);
    const decoded = verify(response.access_token, publicKey, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      complete: true,
    });
    return { access, response, header: decoded.header, claims: decoded.payload as JwtPayload };
  }

  it('signs with the current key, names it (kid) and types the token at+jwt (RFC 9068)', async () => {
    const { header } = await issueAndVerify(['me']);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'key-1' });
  });

  it('sets iss, aud, sub, iat, exp, jti and the space-separated scope', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { claims } = await issueAndVerify(['me', 'items']);
    const after = Math.floor(Date.now() / 1000);
    expect(claims).toMatchObject({
      iss: 'https://issuer.test',
      aud: 'test-api',
      sub: user.id,
      scope: 'me items',
      client_id: 'first-party',
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    // Whole seconds (RFC 7519 NumericDate), as every client library expects.
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.exp).toBe(claims.iat! + config.accessTokenTtlSeconds);
    expect(claims.jti).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('never issues a token dated at or before the second of a password change', async () => {
    const now = Math.floor(Date.now() / 1000);
    const changedAt = new Date(now * 1000 + 999);
    const access = await service.sign(user.id, 'first-party', ['me'], now + 1);
    const { iat } = decode(access.token, { json: true })!;
    expect(iat).toBe(now + 1);
    expect(iat).toBe(earliestIssueTime({ passwordChangedAt: changedAt }));
    expect(access.expiresAt.getTime()).toBe((now + 1 + config.accessTokenTtlSeconds) * 1000);
  });

  it('tells its session the jti and expiry it signed', async () => {
    const { access, claims } = await issueAndVerify(['me']);
    expect(access.jti).toBe(claims.jti);
    expect(access.expiresAt.getTime()).toBeCloseTo(claims.exp! * 1000, 0);
  });

  it('adds the refresh token to the answer when there is one', async () => {
    const access = await service.sign(user.id, 'first-party', ['me']);
    expect(service.response(access, 'refresh-1')).toMatchObject({ refresh_token: 'refresh-1' });
    expect(service.response(access)).not.toHaveProperty('refresh_token');
  });

  it('gives every token its own jti', async () => {
    const first = await issueAndVerify(['me']);
    const second = await issueAndVerify(['me']);
    expect(first.claims.jti).not.toBe(second.claims.jti);
  });

  it('answers with a bearer token, its lifetime and the granted scopes', async () => {
    const { response } = await issueAndVerify(['items:read', 'me']);
    expect(response).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 900,
      scope: 'items:read me',
    });
  });

  it('issues a token with an empty scope when nothing was granted', async () => {
    const { response, claims } = await issueAndVerify([]);
    expect(response.scope).toBe('');
    expect(claims.scope).toBe('');
  });

  it('signs with whichever key is current when it signs, and names it', async () => {
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    let current = { kid: 'key-1', algorithm: 'ES256' as const, privateKey };
    const rotating = new TokenSigner(
      new JwtService({}),
      { current: () => current } as unknown as KeyStore,
      config,
    );
    const before = (await rotating.sign(user.id, 'first-party', ['me'])).token;
    current = { kid: 'key-2', algorithm: 'ES256', privateKey: next.privateKey };
    const after = (await rotating.sign(user.id, 'first-party', ['me'])).token;

    expect(decode(before, { complete: true })!.header.kid).toBe('key-1');
    expect(decode(after, { complete: true })!.header.kid).toBe('key-2');
    expect(() => verify(before, publicKey, { algorithms: ['ES256'] })).not.toThrow();
    expect(() => verify(after, next.publicKey, { algorithms: ['ES256'] })).not.toThrow();
    expect(() => verify(before, next.publicKey, { algorithms: ['ES256'] })).toThrow(
      'invalid signature',
    );
    expect(() => verify(after, publicKey, { algorithms: ['ES256'] })).toThrow('invalid signature');
  });
});
