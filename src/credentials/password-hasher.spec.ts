import * as argon2 from 'argon2';
import { PasswordHasher, PasswordHasherBusyError } from './password-hasher';

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` → its algorithm, version and parameters. */
function phcOf(hash: string) {
  const [empty, algorithm, version, params, salt, digest, ...rest] = hash.split('$');
  if (empty !== '' || !salt || !digest || rest.length > 0) throw new Error(`not PHC: ${hash}`);
  const parsed = Object.fromEntries(
    params.split(',').map((pair) => {
      const [name, value] = pair.split('=');
      return [name, Number(value)];
    }),
  );
  return { algorithm, version, params: parsed };
}

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ maxConcurrency: 2, maxQueue: 16 });
  let stored: string;

  beforeAll(async () => {
    stored = await hasher.hash('correct horse');
  });

  it("hashes with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1)", () => {
    expect(phcOf(stored)).toEqual({
      algorithm: 'argon2id',
      version: 'v=19',
      params: { m: 19456, t: 2, p: 1 },
    });
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('correct horse')).not.toBe(stored);
  });

  it('accepts the right password without asking for a rehash', async () => {
    await expect(hasher.verify(stored, 'correct horse')).resolves.toEqual({
      valid: true,
      needsRehash: false,
    });
  });

  it('refuses a wrong password', async () => {
    await expect(hasher.verify(stored, 'Correct horse')).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('asks for a rehash of a right password hashed with weaker parameters', async () => {
    const weak = await argon2.hash('correct horse', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 2,
      parallelism: 1,
    });
    await expect(hasher.verify(weak, 'correct horse')).resolves.toEqual({
      valid: true,
      needsRehash: true,
    });
  });

  it('does not ask for a rehash when the password is wrong', async () => {
    const weak = await argon2.hash('correct horse', { type: argon2.argon2id, memoryCost: 4096 });
    await expect(hasher.verify(weak, 'wrong')).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it.each(['', 'not-a-hash', '$argon2id$v=19$m=19456,t=2,p=1$broken'])(
    'treats the malformed stored hash %j as a failed check instead of throwing',
    async (malformed) => {
      await expect(hasher.verify(malformed, 'correct horse')).resolves.toEqual({
        valid: false,
        needsRehash: false,
      });
    },
  );

  it('spends a real argon2id verification at today’s parameters on nothing', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const verify = jest.spyOn(require('argon2') as typeof import('argon2'), 'verify');
    try {
      await expect(hasher.verifyNothing('any password')).resolves.toBeUndefined();
      await expect(
        hasher.verifyNothing('again, with the cached dummy hash'),
      ).resolves.toBeUndefined();
      expect(verify).toHaveBeenCalledTimes(2);
      const [[dummy, first], [same, second]] = verify.mock.calls;
      expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      expect(same).toBe(dummy);
      expect([first, second]).toEqual(['any password', 'again, with the cached dummy hash']);
    } finally {
      verify.mockRestore();
    }
  });

  it('holds an argon2 slot while it spends that verification', async () => {
    const limited = new PasswordHasher({ maxConcurrency: 1, maxQueue: 0 });
    await limited.verifyNothing('warm the dummy hash');
    const nothing = limited.verifyNothing('x');
    // Once it has taken the slot (it awaits its cached dummy hash first).
    await new Promise((resolve) => setImmediate(resolve));
    await expect(limited.hash('secret')).rejects.toBeInstanceOf(PasswordHasherBusyError);
    await nothing;
  });

  it('refuses with PasswordHasherBusyError when every slot is busy and the queue is full', async () => {
    const limited = new PasswordHasher({ maxConcurrency: 1, maxQueue: 1 });
    const hash = await limited.hash('secret');
    const running = limited.verify(hash, 'secret');
    const queued = limited.verify(hash, 'secret');
    await expect(limited.verify(hash, 'secret')).rejects.toBeInstanceOf(PasswordHasherBusyError);
    await expect(Promise.all([running, queued])).resolves.toEqual([
      { valid: true, needsRehash: false },
      { valid: true, needsRehash: false },
    ]);
    // The slots are free again.
    await expect(limited.verify(hash, 'secret')).resolves.toMatchObject({ valid: true });
  });
});
