import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { tokensConfig } from '../../src/config/tokens.config';

/** What an attacker controls: every byte of the header, the payload and the signature. */
export type ForgeAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256' | 'none';

export interface ForgeOptions {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** How to sign; `header.alg` is set independently (to lie about it). */
  signWith: ForgeAlgorithm;
  /** An HMAC secret or an asymmetric private key (none for `none`). */
  key?: string | Buffer | KeyObject;
}

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Valid claims for `sub`, as the running service (its environment's issuer) would issue them. */
export function validClaims(sub: string, scope = 'me items'): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    scope,
    sub,
    client_id: 'first-party',
    iss: tokensConfig().issuer,
    aud: 'scopegate-api',
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
  };
}

/** Builds a compact JWS by hand, so that nothing a library refuses to produce is out of reach. */
export function forge(options: ForgeOptions): string {
  const header = options.header ?? { alg: options.signWith, typ: 'at+jwt' };
  const input = `${b64url(header)}.${b64url(options.payload ?? {})}`;
  const algorithm = options.signWith;
  const key = options.key ?? '';
  let signature: Buffer;
  switch (algorithm) {
    case 'none':
      signature = Buffer.alloc(0);
      break;
    case 'HS256':
    case 'HS384':
    case 'HS512':
      signature = createHmac(`sha${algorithm.slice(2)}`, key)
        .update(input)
        .digest();
      break;
    case 'RS256':
      signature = sign('sha256', Buffer.from(input), key);
      break;
    case 'ES256':
      signature = sign('sha256', Buffer.from(input), {
        key: key as KeyObject,
        dsaEncoding: 'ieee-p1363',
      });
      break;
  }
  return `${input}.${signature.toString('base64url')}`;
}

/** The decoded header and payload of a JWT, without verification. */
export function decodeToken(token: string): { header: any; payload: any } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  return { header, payload };
}

/** An attacker's own key pairs. */
export const attackerKeys = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
};
