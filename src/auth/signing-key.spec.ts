import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKey } from './signing-key';

describe('loadSigningKey', () => {
  let dir: string;
  let secretFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scopegate-key-'));
    secretFile = join(dir, 'data', 'jwt-secret');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses JWT_SECRET when it is set, without touching the secret file', () => {
    const jwtSecret = 'a-configured-secret-of-at-least-32-chars';
    const key = loadSigningKey({ jwtSecret, secretFile, isProduction: true });
    expect(key.type).toBe('secret');
    expect(key.export().toString('utf8')).toBe(jwtSecret);
    expect(existsSync(secretFile)).toBe(false);
  });

  it('creates a random secret file with mode 0600 outside production', () => {
    const key = loadSigningKey({ jwtSecret: undefined, secretFile, isProduction: false });
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const stored = readFileSync(secretFile, 'utf8').trim();
    expect(stored.length).toBeGreaterThanOrEqual(64);
    expect(key.export().toString('utf8')).toBe(stored);
  });

  it('reuses the secret file on the next call', () => {
    const first = loadSigningKey({ jwtSecret: undefined, secretFile, isProduction: false });
    const second = loadSigningKey({ jwtSecret: undefined, secretFile, isProduction: false });
    expect(second.export().equals(first.export())).toBe(true);
  });

  it('uses an existing secret file, ignoring its trailing newline', () => {
    const existing = join(dir, 'jwt-secret');
    writeFileSync(existing, 'kept-from-an-earlier-run\n');
    const key = loadSigningKey({ jwtSecret: undefined, secretFile: existing, isProduction: false });
    expect(key.export().toString('utf8')).toBe('kept-from-an-earlier-run');
  });

  it('refuses to generate a secret in production', () => {
    expect(() => loadSigningKey({ jwtSecret: undefined, secretFile, isProduction: true })).toThrow(
      'JWT_SECRET is required in production',
    );
    expect(existsSync(secretFile)).toBe(false);
  });
});
