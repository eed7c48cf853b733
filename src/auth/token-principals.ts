import { Injectable } from '@nestjs/common';
import { BearerError } from '../core/errors/bearer-error';
import type { Principal } from '../core/principal';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { UserCache } from '../users/user-cache';
import type { VerifiedToken } from './verified-token-cache';

/**
 * Turns a verified token into the request's `Principal`, checking on every request what may
 * change during a token's life: the user still exists and is enabled, has not changed password
 * since the token was issued, and may still hold the scopes it grants.
 */
@Injectable()
export class TokenPrincipals {
  constructor(
    private readonly users: UserCache,
    private readonly catalog: ScopeCatalog,
  ) {}

  async of(token: VerifiedToken): Promise<Principal> {
    const user = await this.users.get(token.sub);
    if (!user || user.disabled) {
      throw BearerError.invalidToken('The user of this token does not exist or is disabled');
    }
    if (user.passwordChangedAt && token.iat * 1000 < user.passwordChangedAt.getTime()) {
      throw BearerError.invalidToken('The password was changed after this token was issued');
    }
    const holdable = this.catalog.expand(user.scopes);
    const effectiveScopes = new Set(
      [...this.catalog.expand(token.scopes)].filter((name) => holdable.has(name)),
    );
    return { user, grantedScopes: token.scopes, effectiveScopes, tokenId: token.jti };
  }
}
