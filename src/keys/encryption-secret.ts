import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { KeysConfig } from '../config/keys.config';

/**
 * The secret that encrypts private signing keys at rest. `KEY_ENCRYPTION_SECRET` wins; outside
 * production a random secret is generated once and kept (mode 0600) so that the keys stay
 * readable across restarts. Production refuses to start without it (checked at start-up).
 */
export function loadEncryptionSecret(
  config: Pick<KeysConfig, 'encryptionSecret' | 'secretFile' | 'isProduction'>,
): string {
  if (config.encryptionSecret) return config.encryptionSecret;
  if (config.isProduction) {
    throw new Error('KEY_ENCRYPTION_SECRET is required in production');
  }
  return readOrCreateSecret(config.secretFile);
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
