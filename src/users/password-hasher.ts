import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** OWASP's argon2id recommendation: m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Outcome of checking a password against a stored hash. */
export interface PasswordCheck {
  readonly valid: boolean;
  /** True when the hash was made with weaker parameters than today's: store a new one. */
  readonly needsRehash: boolean;
}

/**
 * argon2id hashing. `verifyNothing` spends the same time as a real check, so an unknown
 * username cannot be told from a wrong password by timing.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<PasswordCheck> {
    let valid = false;
    try {
      valid = await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash is a failed check, never a crash.
      return { valid: false, needsRehash: false };
    }
    return { valid, needsRehash: valid && argon2.needsRehash(hash, ARGON2_OPTIONS) };
  }

  /** Performs one verification that always fails, at the cost of a real one. */
  async verifyNothing(password: string): Promise<void> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await argon2.verify(await this.dummyHash, password);
  }
}
