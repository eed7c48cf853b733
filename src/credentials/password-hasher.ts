import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { ErrorResponse } from '@scopegate/resource-server';
import { passwordsConfig, type PasswordsConfig } from '../config/passwords.config';
import { ConcurrencyLimiter, QueueFullError } from '../core/concurrency-limiter';

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

/** Seconds a caller is told to wait when every argon2 slot is busy. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Every argon2 slot is busy and the queue is full: the caller should retry shortly. A 503 with
 * `Retry-After` by itself (creating a user or changing a password, say); the form endpoints
 * answer it in RFC 6749's shape.
 */
export class PasswordHasherBusyError extends ErrorResponse {
  readonly retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;

  constructor() {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    super(
      status,
      {
        statusCode: status,
        error: STATUS_CODES[status],
        message: 'The server is busy checking passwords; retry in a second',
      },
      { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) },
    );
  }
}

/**
 * argon2id hashing. `verifyNothing` spends the same time as a real check, so an unknown
 * username cannot be told from a wrong password by timing.
 *
 * The work is bounded: at most `ARGON2_MAX_CONCURRENCY` hashes run at once (one per core by
 * default) and `ARGON2_MAX_QUEUE` wait; beyond that a call fails at once with
 * `PasswordHasherBusyError`, so a login storm cannot queue up unbounded memory and latency.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly limiter: ConcurrencyLimiter;

  constructor(@Inject(passwordsConfig.KEY) config: PasswordsConfig) {
    this.limiter = new ConcurrencyLimiter(config.maxConcurrency, config.maxQueue);
  }

  hash(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<PasswordCheck> {
    let valid = false;
    try {
      valid = await this.limited(() => argon2.verify(hash, password));
    } catch (error) {
      if (error instanceof PasswordHasherBusyError) throw error;
      // A malformed stored hash is a failed check, never a crash.
      return { valid: false, needsRehash: false };
    }
    return { valid, needsRehash: valid && argon2.needsRehash(hash, ARGON2_OPTIONS) };
  }

  /** Performs one verification that always fails, at the cost of a real one. */
  async verifyNothing(password: string): Promise<void> {
    // Made once, outside the limiter: a slot must never wait for another slot.
    this.dummyHash ??= argon2.hash(randomBytes(32).toString('base64url'), ARGON2_OPTIONS);
    const dummyHash = await this.dummyHash;
    await this.limited(() => argon2.verify(dummyHash, password));
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.limiter.run(work);
    } catch (error) {
      if (error instanceof QueueFullError) throw new PasswordHasherBusyError();
      throw error;
    }
  }
}
