import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { KeyStore } from '../keys/key-store';
import type { VerifiedToken } from './access-token-verifier';

/**
 * Tokens whose signature and claims were verified, keyed by the whole token string, until they
 * expire: a token seen again costs a map lookup instead of a signature check. Bounded
 * (`TOKEN_CACHE_SIZE`, least recently used first out; 0 turns it off), and emptied of a key's
 * tokens when that key retires. What may change during a token's life — its user, revocation —
 * is not cached here: it is checked on every request.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly cache?: LRUCache<string, VerifiedToken>;

  constructor(@Inject(tokensConfig.KEY) config: TokensConfig, keys: KeyStore) {
    if (config.cacheSize > 0) this.cache = new LRUCache({ max: config.cacheSize });
    keys.onRetire((kid) => this.forgetKey(kid));
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
