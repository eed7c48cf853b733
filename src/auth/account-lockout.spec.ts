import type { ThrottlingConfig } from '../config/throttling.config';
import { AccountLockout } from './account-lockout';

describe('AccountLockout', () => {
  let now: number;
  beforeEach(() => {
    now = 1_800_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const lockoutWith = (loginMaxFailures: number) =>
    new AccountLockout({ loginMaxFailures } as ThrottlingConfig);
  const fail = (lockout: AccountLockout, username: string, times: number) => {
    for (let i = 0; i < times; i++) lockout.recordFailure(username);
  };
  /** How long the account stays locked from now, in whole minutes (found by stepping). */
  const lockedMinutes = (lockout: AccountLockout, username: string) => {
    const start = now;
    while (lockout.isLocked(username)) now += 1000;
    const minutes = Math.round((now - start) / 60_000);
    return minutes;
  };

  it('locks an account after LOGIN_MAX_FAILURES failures in a row, for one minute', () => {
    const lockout = lockoutWith(10);
    fail(lockout, 'johndoe', 9);
    expect(lockout.isLocked('johndoe')).toBe(false);
    fail(lockout, 'JohnDoe', 1);
    expect(lockout.isLocked('JOHNDOE')).toBe(true);
    expect(lockout.isLocked('alice')).toBe(false);
    expect(lockedMinutes(lockout, 'johndoe')).toBe(1);
  });

  it('doubles each further lockout up to fifteen minutes', () => {
    const lockout = lockoutWith(2);
    const minutes: number[] = [];
    for (let i = 0; i < 6; i++) {
      fail(lockout, 'johndoe', 2);
      minutes.push(lockedMinutes(lockout, 'johndoe'));
    }
    expect(minutes).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('forgets the failures and the lockout level on a success', () => {
    const lockout = lockoutWith(3);
    fail(lockout, 'johndoe', 3);
    expect(lockedMinutes(lockout, 'johndoe')).toBe(1);
    fail(lockout, 'johndoe', 2);
    lockout.recordSuccess('johndoe');
    fail(lockout, 'johndoe', 2);
    expect(lockout.isLocked('johndoe')).toBe(false);
    fail(lockout, 'johndoe', 1);
    expect(lockedMinutes(lockout, 'johndoe')).toBe(1);
  });

  it('lets no more than a hundred failures an hour through', () => {
    const lockout = lockoutWith(1000);
    const firstFailureAt = now;
    for (let i = 0; i < 99; i++) {
      expect(lockout.isLocked('johndoe')).toBe(false);
      lockout.recordFailure('johndoe');
      now += 10_000;
    }
    lockout.recordFailure('johndoe');
    expect(lockout.isLocked('johndoe')).toBe(true);
    // Locked until the hour that began with the first failure is over.
    now = firstFailureAt + 3_600_000 - 1000;
    expect(lockout.isLocked('johndoe')).toBe(true);
    now = firstFailureAt + 3_600_000 + 1000;
    expect(lockout.isLocked('johndoe')).toBe(false);
  });
});
