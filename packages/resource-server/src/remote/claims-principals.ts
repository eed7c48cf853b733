import { Injectable } from '@nestjs/common';
import type { VerifiedToken } from '../access-token-verifier';
import type { PrincipalResolver } from '../access-token.guard';
import type { AccessTokenPrincipal } from '../principal';
import { IssuerConnection } from './issuer-connection';

/** Distinct `scope` claims whose expansion is remembered. */
const MAX_REMEMBERED_GRANTS = 1024;

/**
 * A service's principal: what the verified token says, its scopes expanded through the
 * issuer's catalog (the same implications as Scopegate's own routes). A service cannot see a
 * revocation: a revoked token is accepted here until it expires.
 */
@Injectable()
export class ClaimsPrincipals implements PrincipalResolver<AccessTokenPrincipal> {
  private readonly expansions = new Map<string, ReadonlySet<string>>();

  constructor(private readonly issuer: IssuerConnection) {}

  of(token: VerifiedToken): AccessTokenPrincipal {
    return {
      sub: token.sub,
      clientId: token.clientId,
      isClient: token.sub === token.clientId,
      scopes: token.scopes,
      effectiveScopes: this.effectiveScopes(token.scopes),
      tokenId: token.jti,
      claims: token.claims,
    };
  }

  private effectiveScopes(granted: readonly string[]): ReadonlySet<string> {
    const key = granted.join(' ');
    let scopes = this.expansions.get(key);
    if (!scopes) {
      // Verified tokens come after a connection: the catalog is there.
      scopes = this.issuer.catalog!.expand(granted);
      if (this.expansions.size >= MAX_REMEMBERED_GRANTS) this.expansions.clear();
      this.expansions.set(key, scopes);
    }
    return scopes;
  }
}
