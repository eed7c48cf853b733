import { sign, type SignOptions } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { TEST_JWT_SECRET } from './app';

/** The claims and header of a token as the service would issue it, for forging variations. */
export function forgeToken(
  claims: Record<string, unknown>,
  options: SignOptions & { secret?: string } = {},
): string {
  const { secret = TEST_JWT_SECRET, ...signOptions } = options;
  return sign({ jti: randomUUID(), ...claims }, secret, {
    algorithm: 'HS256',
    header: { alg: signOptions.algorithm ?? 'HS256', typ: 'at+jwt' },
    issuer: 'scopegate',
    audience: 'scopegate-api',
    // An explicit exp claim replaces the default lifetime.
    ...('exp' in claims ? {} : { expiresIn: 600 }),
    ...signOptions,
  });
}

/** The decoded parts of a JWT, without verification. */
export function decodeToken(token: string): { header: any; payload: any } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  return { header, payload };
}
