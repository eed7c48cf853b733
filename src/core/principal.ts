import type { ScopedPrincipal } from '@scopegate/resource-server';
import type { FastifyRequest } from 'fastify';

/**
 * What the low layer knows of the user behind a token. The authentication guard puts the
 * users feature's own entity here; a feature that needs more of it (its profile, say) types
 * `@CurrentUser()` with that entity.
 */
export interface PrincipalUser {
  /** Stable id, the token's `sub`. */
  readonly id: string;
  readonly username: string;
  readonly disabled: boolean;
  /** The scopes this user may be granted now. */
  readonly scopes: readonly string[];
}

/** What every caller of a protected route has: the token's client and scopes. */
interface TokenFacts extends ScopedPrincipal {
  /** The client the token was issued to. */
  readonly clientId: string;
  /** The `scope` claim of the token, as issued. */
  readonly grantedScopes: readonly string[];
  /**
   * What the token lets the caller do now: the granted scopes with their implications,
   * limited to what the user (or the client) may still hold: an administrator's change
   * applies at once.
   */
  readonly effectiveScopes: ReadonlySet<string>;
  /** The token's `jti`. */
  readonly tokenId: string;
}

/** A user acting through a client (a password, refresh or, later, authorization-code token). */
export interface UserPrincipal extends TokenFacts {
  readonly kind: 'user';
  readonly user: PrincipalUser;
}

/** A client acting for itself (client credentials): there is no user behind it. */
export interface ClientPrincipal extends TokenFacts {
  readonly kind: 'client';
}

/** Who is calling a protected route, and with which scopes. Built once per request. */
export type Principal = UserPrincipal | ClientPrincipal;

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
