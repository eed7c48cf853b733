import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { TokensConfig } from '../config/tokens.config';

/** DI token of the HMAC key that signs and verifies access tokens. */
export const SIGNING_KEY = Symbol('SIGNING_KEY');

/**
 * The signing key as a `KeyObject`: jsonwebtoken would otherwise rebuild it from a string on
 * every sign and verify. `JWT_SECRET` wins; outside production a random secret is generated
 * once and kept (mode 0600) so tokens survive restarts.
 */
export function loadSigningKey(
  config: Pick<TokensConfig, 'jwtSecret' | 'secretFile' | 'isProduction'>,
): KeyObject {
  if (config.jwtSecret) return createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  if (config.isProduction) {
    throw new Error('JWT_SECRET is required in production');
  }
  return createSecretKey(Buffer.from(readOrCreateSecret(config.secretFile), 'utf8'));
}

function readOrCreateSecret(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx': if another process created it in the meantime, use theirs.
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, `${secret}\n`);
    closeSync(fd);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
