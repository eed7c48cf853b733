import { PasswordHasher, PasswordHasherBusyError } from './password-hasher';

describe('PasswordHasher', () => {
  it('verifies the password it hashed, and refuses another', async () => {
    const hasher = new PasswordHasher({ argon2MaxConcurrency: 2, argon2MaxQueue: 4 });
    const hash = await hasher.hash('correct horse');
    await expect(hasher.verify(hash, 'correct horse')).resolves.toEqual({
      valid: true,
      needsRehash: false,
    });
    await expect(hasher.verify(hash, 'battery staple')).resolves.toMatchObject({ valid: false });
  });

  it('treats a malformed stored hash as a failed check', async () => {
    const hasher = new PasswordHasher({ argon2MaxConcurrency: 1, argon2MaxQueue: 0 });
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('refuses with PasswordHasherBusyError when every slot is busy and the queue is full', async () => {
    const hasher = new PasswordHasher({ argon2MaxConcurrency: 1, argon2MaxQueue: 1 });
    const hash = await hasher.hash('secret');
    const running = hasher.verify(hash, 'secret');
    const queued = hasher.verify(hash, 'secret');
    await expect(hasher.verify(hash, 'secret')).rejects.toBeInstanceOf(PasswordHasherBusyError);
    await expect(Promise.all([running, queued])).resolves.toEqual([
      { valid: true, needsRehash: false },
      { valid: true, needsRehash: false },
    ]);
    // The slots are free again.
    await expect(hasher.verify(hash, 'secret')).resolves.toMatchObject({ valid: true });
  });
});
