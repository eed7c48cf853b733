import type { AccountLockout } from '../../src/authorization-server/common/account-lockout';

/**
 * The per-account rule of docs/security.md (password guessing), as scenarios any `AccountLockout` must pass whatever its
 * store: run in process by the unit spec, and on Redis by the cluster suite, so that the two
 * implementations of the rule cannot drift apart. The clock is `Date.now()`, moved by hand.
 */
export function lockoutScenarios(makeLockout: (maxFailures: number) => AccountLockout): void {
  let now: number;
  let account: string;
  let accounts = 0;
  beforeEach(() => {
    now = 1_800_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    // A new account per scenario: a shared store keeps what earlier ones wrote.
    account = `johndoe-${process.pid}-${++accounts}-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(() => jest.restoreAllMocks());

  const fail = async (lockout: AccountLockout, name: string, times: number) => {
    for (let i = 0; i < times; i++) await lockout.recordFailure(name);
  };
  /** How long the account stays locked from now, in whole minutes (found by stepping). */
  const lockedMinutes = async (lockout: AccountLockout, name: string) => {
    const start = now;
    while (await lockout.isLocked(name)) now += 5000;
    return Math.round((now - start) / 60_000);
  };

  it('locks an account after LOGIN_MAX_FAILURES failures in a row, for one minute', async () => {
    const lockout = makeLockout(10);
    await fail(lockout, account, 9);
    expect(await lockout.isLocked(account)).toBe(false);
    await fail(lockout, account.toUpperCase(), 1);
    expect(await lockout.isLocked(account.toUpperCase())).toBe(true);
    expect(await lockout.isLocked(`${account}-other`)).toBe(false);
    expect(await lockedMinutes(lockout, account)).toBe(1);
  });

  it('doubles each further lockout up to fifteen minutes', async () => {
    const lockout = makeLockout(2);
    const minutes: number[] = [];
    for (let i = 0; i < 6; i++) {
      await fail(lockout, account, 2);
      minutes.push(await lockedMinutes(lockout, account));
    }
    expect(minutes).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('forgets the failures and the lockout level on a success', async () => {
    const lockout = makeLockout(3);
    await fail(lockout, account, 3);
    expect(await lockedMinutes(lockout, account)).toBe(1);
    await fail(lockout, account, 2);
    await lockout.recordSuccess(account);
    await fail(lockout, account, 2);
    expect(await lockout.isLocked(account)).toBe(false);
    await fail(lockout, account, 1);
    expect(await lockedMinutes(lockout, account)).toBe(1);
  });

  it('lets no more than a hundred failures an hour through', async () => {
    const lockout = makeLockout(1000);
    const firstFailureAt = now;
    for (let i = 0; i < 99; i++) {
      expect(await lockout.isLocked(account)).toBe(false);
      await lockout.recordFailure(account);
      now += 10_000;
    }
    await lockout.recordFailure(account);
    expect(await lockout.isLocked(account)).toBe(true);
    // Locked until the hour that began with the first failure is over.
    now = firstFailureAt + 3_600_000 - 1000;
    expect(await lockout.isLocked(account)).toBe(true);
    now = firstFailureAt + 3_600_000 + 1000;
    expect(await lockout.isLocked(account)).toBe(false);
  });
}
