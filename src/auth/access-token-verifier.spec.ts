import { sign, type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import { demoCatalog } from '../../test/support/demo-catalog';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { TokensConfig } from '../config/tokens.config';
import type { User } from '../users/user.entity';
import type { UserCache } from '../users/user-cache';
import { BearerError } from '../core/errors/bearer-error';
import { AccessTokenVerifier } from './access-token-verifier';

const catalog = demoCatalog;
const config = {
  issuer: 'scopegate',
  audience: 'scopegate-api',
  clockToleranceSeconds: 5,
} as TokensConfig;

function userWith(id: string, scopes: string[], disabled = false): User {
  return { id, username: id, scopes, disabled } as User;
}

const users = new Map<string, User>([
  ['john', userWith('john', ['me', 'items', 'items:write'])],
  ['alice', userWith('alice', ['me'], true)],
  ['root', userWith('root', ['admin'])],
]);
const userCache = {
  get: (id: string) => Promise.resolve(users.get(id) ?? null),
} as unknown as UserCache;
const key = createSecretKey(randomBytes(32));

/** A correctly signed token; `undefined` claims are left out. */
function token(claims: JwtPayload = {}, header: Partial<JwtHeader> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = Object.fromEntries(
    Object.entries({
      sub: 'john',
      exp: now + 600,
      jti: 'jti-1',
      scope: 'me',
      iss: config.issuer,
      aud: config.audience,
      ...claims,
    }).filter(([, value]) => value !== undefined),
  );
  return sign(payload, key, {
    algorithm: 'HS256',
    header: { alg: 'HS256', typ: 'at+jwt', ...header },
  });
}

describe('AccessTokenVerifier.verify', () => {
  const verifier = new AccessTokenVerifier(key, config, userCache, catalog);

  async function rejection(jwt: string): Promise<BearerError> {
    const error: unknown = await verifier.verify(jwt).then(
      () => new Error('expected the token to be refused'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(BearerError);
    const bearer = error as BearerError;
    expect(bearer.getStatus()).toBe(401);
    expect(bearer.body.error).toBe('invalid_token');
    return bearer;
  }

  it.each([
    ['JWT', 'JWT'],
    ['a missing typ', undefined],
    ['an ID token typ', 'id+jwt'],
  ])('refuses a token typed %s', async (_, typ) => {
    const error = await rejection(token({}, { typ }));
    expect(error.body.error_description).toMatch(/typ must be at\+jwt/);
  });

  it('accepts the media-type form application/at+jwt', async () => {
    await expect(verifier.verify(token({}, { typ: 'application/at+jwt' }))).resolves.toBeDefined();
  });

  it.each([
    ['no sub', { sub: undefined }, /no subject/],
    ['an empty sub', { sub: '' }, /no subject/],
    ['no exp', { exp: undefined }, /no expiry/],
    ['no jti', { jti: undefined }, /no identifier/],
    ['a non-string scope', { scope: ['me'] }, /scope claim/],
  ])('refuses a token with %s', async (_, claims, description) => {
    const error = await rejection(token(claims));
    expect(error.body.error_description).toMatch(description);
  });

  it('refuses a token whose user no longer exists', async () => {
    const error = await rejection(token({ sub: 'ghost' }));
    expect(error.body.error_description).toMatch(/does not exist or is disabled/);
  });

  it('refuses a token whose user is disabled', async () => {
    const error = await rejection(token({ sub: 'alice' }));
    expect(error.body.error_description).toMatch(/does not exist or is disabled/);
  });

  it('returns the principal of a good token', async () => {
    const principal = await verifier.verify(token({ scope: 'me items' }));
    expect(principal.user).toBe(users.get('john'));
    expect(principal.grantedScopes).toEqual(['me', 'items']);
    expect(principal.tokenId).toBe('jti-1');
  });

  it('expands the granted scopes through the catalog (items:write ⇒ items:read)', async () => {
    const principal = await verifier.verify(token({ scope: 'me items:write' }));
    expect([...principal.effectiveScopes].sort()).toEqual(['items:read', 'items:write', 'me']);
  });

  it('limits the effective scopes to those the user may still hold', async () => {
    // Granted earlier, since withdrawn: john may no longer hold users:read.
    const principal = await verifier.verify(token({ scope: 'me users:read items:read' }));
    expect(principal.grantedScopes).toEqual(['me', 'users:read', 'items:read']);
    expect([...principal.effectiveScopes].sort()).toEqual(['items:read', 'me']);
  });

  it("gives an admin's token every implication of its granted scopes", async () => {
    const principal = await verifier.verify(token({ sub: 'root', scope: 'users:write' }));
    expect([...principal.effectiveScopes].sort()).toEqual(['users:read', 'users:write']);
  });

  it('gives a token without a scope claim no scopes', async () => {
    const principal = await verifier.verify(token({ scope: undefined }));
    expect(principal.grantedScopes).toEqual([]);
    expect(principal.effectiveScopes.size).toBe(0);
  });
});
