import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { throttlingConfig, type ThrottlingConfig } from '../config/throttling.config';

/** The first lockout; each further one doubles, up to `MAX_LOCK_MS`. */
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 15 * 60_000;
/** Failed attempts one account lets through in an hour, lockouts or not. */
const MAX_FAILURES_PER_HOUR = 100;
const HOUR_MS = 3_600_000;
/** Accounts remembered at once: beyond this, the least recently tried is forgotten. */
const MAX_ACCOUNTS = 100_000;

interface AccountState {
  /** Failures since the last success or lockout. */
  failures: number;
  /** Lockouts since the last success: the next one lasts FIRST_LOCK_MS × 2^lockouts. */
  lockouts: number;
  lockedUntil: number;
  hourStartedAt: number;
  failuresThisHour: number;
}

/**
 * The per-account rule against password guessing (DESIGN §4a). Only failures count, and a
 * success forgets them: after `LOGIN_MAX_FAILURES` failures in a row the account is locked for
 * a minute, then two, four… up to fifteen, and never more than a hundred failures an hour get
 * through. A locked account's login is answered exactly like a wrong password, so the lockout
 * tells a guesser nothing; a user who logs in successfully, however often, is never held back
 * by it. Accounts are named by the username as typed, lower-cased, whether or not it exists.
 *
 * The counters live in this process: with several instances each counts on its own (the
 * several-instances work moves them to a shared store).
 */
@Injectable()
export class AccountLockout {
  private readonly accounts = new LRUCache<string, AccountState>({ max: MAX_ACCOUNTS });
  private readonly maxFailures: number;

  constructor(@Inject(throttlingConfig.KEY) config: ThrottlingConfig) {
    this.maxFailures = config.loginMaxFailures;
  }

  isLocked(username: string): boolean {
    const state = this.accounts.get(keyOf(username));
    return state !== undefined && state.lockedUntil > Date.now();
  }

  recordFailure(username: string): void {
    const key = keyOf(username);
    const now = Date.now();
    const state = this.accounts.get(key) ?? {
      failures: 0,
      lockouts: 0,
      lockedUntil: 0,
      hourStartedAt: now,
      failuresThisHour: 0,
    };
    if (now - state.hourStartedAt >= HOUR_MS) {
      state.hourStartedAt = now;
      state.failuresThisHour = 0;
    }
    state.failures += 1;
    state.failuresThisHour += 1;
    if (state.failures >= this.maxFailures) {
      state.lockedUntil = now + Math.min(FIRST_LOCK_MS * 2 ** state.lockouts, MAX_LOCK_MS);
      state.lockouts += 1;
      state.failures = 0;
    }
    if (state.failuresThisHour >= MAX_FAILURES_PER_HOUR) {
      state.lockedUntil = Math.max(state.lockedUntil, state.hourStartedAt + HOUR_MS);
    }
    this.accounts.set(key, state);
  }

  recordSuccess(username: string): void {
    this.accounts.delete(keyOf(username));
  }
}

/** Usernames are case-insensitive, and at most 64 characters: longer input is cut. */
function keyOf(username: string): string {
  return username.slice(0, 128).toLowerCase();
}
