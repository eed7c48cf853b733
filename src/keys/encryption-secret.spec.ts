import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEncryptionSecret } from './encryption-secret';

describe('loadEncryptionSecret', () => {
  let dir: string;
  let secretFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-key-'));
    secretFile = join(dir, 'data', 'key-encryption-secret');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses KEY_ENCRYPTION_SECRET when it is set, without touching the secret file', () => {
    const encryptionSecret = 'a-configured-secret-of-at-least-32-chars';
    expect(loadEncryptionSecret({ encryptionSecret, secretFile, isProduction: true })).toBe(
      encryptionSecret,
    );
    expect(existsSync(secretFile)).toBe(false);
  });

  it('creates a random secret file with mode 0600 outside production', () => {
    const secret = loadEncryptionSecret({
      encryptionSecret: undefined,
      secretFile,
      isProduction: false,
    });
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const stored = readFileSync(secretFile, 'utf8').trim();
    expect(stored.length).toBeGreaterThanOrEqual(64);
    expect(secret).toBe(stored);
  });

  it('reuses the secret file on the next call', () => {
    const config = { encryptionSecret: undefined, secretFile, isProduction: false };
    expect(loadEncryptionSecret(config)).toBe(loadEncryptionSecret(config));
  });

  it('uses an existing secret file, ignoring its trailing newline', () => {
    const existing = join(dir, 'key-encryption-secret');
    writeFileSync(existing, 'kept-from-an-earlier-run\n');
    const secret = loadEncryptionSecret({
      encryptionSecret: undefined,
      secretFile: existing,
      isProduction: false,
    });
    expect(secret).toBe('kept-from-an-earlier-run');
  });

  it('refuses to generate a secret in production', () => {
    expect(() =>
      loadEncryptionSecret({ encryptionSecret: undefined, secretFile, isProduction: true }),
    ).toThrow('KEY_ENCRYPTION_SECRET is required in production');
    expect(existsSync(secretFile)).toBe(false);
  });
});
