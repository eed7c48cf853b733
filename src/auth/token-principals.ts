import { Injectable } from '@nestjs/common';
import { BearerError } from '../core/errors/bearer-error';
import type { Principal, PrincipalUser } from '../core/principal';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { UserCache } from '../users/user-cache';
import { RevokedTokens } from './revoked-tokens';
import type { VerifiedToken } from './verified-token-cache';

/** Distinct granted-scope sets remembered per user row. */
const MAX_GRANTS_PER_USER = 64;

/**
 * Turns a verified token into the request's `Principal`, checking on every request what may
 * change during a token's life: it has not been revoked, the user still exists and is enabled, has not changed password
 * since the token was issued, and may still hold the scopes it grants.
 */
@Injectable()
export class TokenPrincipals {
  /**
   * Effective scopes by user row and granted scopes: the user cache hands out the same row
   * until it changes, so a repeat costs a lookup instead of two implication expansions.
   */
  private readonly effective = new WeakMap<object, Map<string, ReadonlySet<string>>>();

  constructor(
    private readonly users: UserCache,
    private readonly catalog: ScopeCatalog,
    private readonly revocations: RevokedTokens,
  ) {}

  async of(token: VerifiedToken): Promise<Principal> {
    if (this.revocations.isRevoked(token.jti)) {
      throw BearerError.invalidToken('The access token was revoked');
    }
    const user = await this.users.get(token.sub);
    if (!user || user.disabled) {
      throw BearerError.invalidToken('The user of this token does not exist or is disabled');
    }
    if (user.passwordChangedAt && token.iat * 1000 < user.passwordChangedAt.getTime()) {
      throw BearerError.invalidToken('The password was changed after this token was issued');
    }
    return {
      user,
      grantedScopes: token.scopes,
      effectiveScopes: this.effectiveScopes(user, token.scopes),
      tokenId: token.jti,
    };
  }

  /** What `granted` lets the user do now: its implications, limited to what they may hold. */
  private effectiveScopes(user: PrincipalUser, granted: readonly string[]): ReadonlySet<string> {
    let byGrant = this.effective.get(user);
    if (!byGrant) {
      byGrant = new Map();
      this.effective.set(user, byGrant);
    }
    const key = granted.join(' ');
    let scopes = byGrant.get(key);
    if (!scopes) {
      const holdable = this.catalog.expand(user.scopes);
      scopes = new Set([...this.catalog.expand(granted)].filter((name) => holdable.has(name)));
      // A user holds few distinct grants; a flood of them only resets this user's memo.
      if (byGrant.size >= MAX_GRANTS_PER_USER) byGrant.clear();
      byGrant.set(key, scopes);
    }
    return scopes;
  }
}
