import { LRUCache } from 'lru-cache';
import { afterFailure, type AccountState, type LockoutStore } from './lockout-rule';

/** Accounts remembered at once in process: beyond this, the least recently tried is forgotten. */
const MAX_ACCOUNTS = 100_000;

/** One instance: the counters in a bounded map. */
export class MemoryLockoutStore implements LockoutStore {
  private readonly accounts = new LRUCache<string, AccountState>({ max: MAX_ACCOUNTS });

  lockedUntil(account: string): Promise<number> {
    return Promise.resolve(this.accounts.get(account)?.lockedUntil ?? 0);
  }

  failed(account: string, now: number, maxFailures: number): Promise<void> {
    this.accounts.set(account, afterFailure(this.accounts.get(account), now, maxFailures));
    return Promise.resolve();
  }

  forget(account: string): Promise<void> {
    this.accounts.delete(account);
    return Promise.resolve();
  }
}
