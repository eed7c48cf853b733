import { KeyEncryption } from './key-encryption';

const SECRET = 'a-key-encryption-secret-of-plenty-of-characters';

describe('KeyEncryption', () => {
  const encryption = new KeyEncryption(SECRET);

  it('decrypts what it encrypted', () => {
    const stored = encryption.encrypt('-----BEGIN PRIVATE KEY-----\nabc\n');
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('PRIVATE');
    expect(encryption.decrypt(stored)).toBe('-----BEGIN PRIVATE KEY-----\nabc\n');
  });

  it('never gives the same ciphertext twice (a fresh IV each time)', () => {
    expect(encryption.encrypt('same')).not.toBe(encryption.encrypt('same'));
  });

  it('refuses to decrypt with another secret, saying which variable is wrong', () => {
    const stored = encryption.encrypt('secret key');
    expect(() => new KeyEncryption(`${SECRET}-other`).decrypt(stored)).toThrow(
      /KEY_ENCRYPTION_SECRET is not the one it was encrypted with/,
    );
  });

  it('refuses an altered ciphertext', () => {
    const [version, iv, tag, ciphertext] = encryption.encrypt('secret key').split('.');
    const flipped = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    expect(() => encryption.decrypt([version, iv, tag, flipped].join('.'))).toThrow(
      /cannot be decrypted/,
    );
  });

  it('refuses a stored value of an unknown format', () => {
    expect(() => encryption.decrypt('plain text')).toThrow(/unknown format/);
  });
});
