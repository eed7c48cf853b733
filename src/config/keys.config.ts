import { registerAs } from '@nestjs/config';
import { join } from 'node:path';
import { environment, isProduction } from './environment';

/**
 * Every algorithm Scopegate keeps a signing key for: access tokens use `JWT_ALGORITHM`, ID
 * tokens RS256 (OIDC's mandatory algorithm) or ES256 for a client that registered it.
 */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** Signing keys: their algorithm, how they are kept at rest, and how rotation is paced. */
export const keysConfig = registerAs('keys', () => {
  const env = environment();
  return {
    algorithm: (env.JWT_ALGORITHM ?? 'ES256') as SigningAlgorithm,
    /** Absent outside production: a random secret is generated once and kept in `secretFile`. */
    encryptionSecret: env.KEY_ENCRYPTION_SECRET,
    secretFile: join(env.DATA_DIR ?? './data', 'key-encryption-secret'),
    isProduction: isProduction(env),
    /** How long a new key is published before it signs (longer than the JWKS max-age). */
    publishAheadSeconds: env.KEY_PUBLISH_AHEAD ?? 600,
    /** How often every instance re-reads the keys from the database. */
    refreshSeconds: env.KEY_REFRESH_INTERVAL ?? 30,
  };
});

export type KeysConfig = ReturnType<typeof keysConfig>;
