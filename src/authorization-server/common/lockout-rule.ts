/** The first lockout; each further one doubles, up to `MAX_LOCK_MS`. */
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** Failed attempts one account lets through in an hour, lockouts or not. */
export const MAX_FAILURES_PER_HOUR = 100;
export const HOUR_MS = 3_600_000;
/** What is remembered of an account between two attempts. */
export interface AccountState {
  /** Failures since the last success or lockout. */
  failures: number;
  /** Lockouts since the last success: the next one lasts FIRST_LOCK_MS × 2^lockouts. */
  lockouts: number;
  lockedUntil: number;
  hourStartedAt: number;
  failuresThisHour: number;
}

/** Where the counters live: this process, or Redis (shared by every instance). */
export interface LockoutStore {
  /** Until when (ms since the epoch) the account is locked; 0 if it is not. */
  lockedUntil(account: string): Promise<number>;
  failed(account: string, now: number, maxFailures: number): Promise<void>;
  forget(account: string): Promise<void>;
}

/** One failure more: the rule of docs/security.md (password guessing), as a pure function of the state. */
export function afterFailure(
  previous: AccountState | undefined,
  now: number,
  maxFailures: number,
): AccountState {
  const state = previous ?? {
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
  if (state.failures >= maxFailures) {
    state.lockedUntil = now + Math.min(FIRST_LOCK_MS * 2 ** state.lockouts, MAX_LOCK_MS);
    state.lockouts += 1;
    state.failures = 0;
  }
  if (state.failuresThisHour >= MAX_FAILURES_PER_HOUR) {
    state.lockedUntil = Math.max(state.lockedUntil, state.hourStartedAt + HOUR_MS);
  }
  return state;
}
