import { LRUCache } from 'lru-cache';
import type { VerifiedToken } from './access-token-verifier';

/**
 * Tokens whose signature and claims were verified, keyed by the whole token string, until they
 * expire: a token seen again costs a map lookup instead of a signature check. Bounded (least
 * recently used first out; a size of 0 turns it off), and emptied of a key's tokens when that
 * key retires. What may change during a token's life (its subject, revocation) is not cached
 * here: the `PrincipalResolver` checks it on every request.
 */
export class VerifiedTokenCache {
  private readonly cache?: LRUCache<string, VerifiedToken>;

  constructor(maxEntries: number) {
    if (maxEntries > 0) this.cache = new LRUCache({ max: maxEntries });
  }

  /** The verified claims of `token`, if it was verified before and has not expired. */
  get(token: string): VerifiedToken | undefined {
    const verified = this.cache?.get(token);
    if (verified && verified.exp * 1000 <= Date.now()) {
      this.cache!.delete(token);
      return undefined;
    }
    return verified;
  }

  set(token: string, verified: VerifiedToken): void {
    const ttl = verified.exp * 1000 - Date.now();
    if (ttl > 0) this.cache?.set(token, verified, { ttl });
  }

  /** Forgets every token signed by `kid`. */
  forgetKey(kid: string): void {
    if (!this.cache) return;
    for (const [token, verified] of this.cache.entries()) {
      if (verified.kid === kid) this.cache.delete(token);
    }
  }

  /** Tokens held now (for tests and diagnostics). */
  get size(): number {
    return this.cache?.size ?? 0;
  }
}
