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

/** Who is calling a protected route, and with which scopes. Built once per request. */
export interface Principal {
  /**
   * `user`: a token issued to a user (password or refresh grant). `client`: a client's own
   * token (client credentials), with no user behind it; `user` then describes the client
   * (its id is the client's id, its scopes the client's).
   */
  readonly subject: 'user' | 'client';
  readonly user: PrincipalUser;
  /** The client the token was issued to. */
  readonly clientId: string;
  /** The `scope` claim of the token, as issued. */
  readonly grantedScopes: readonly string[];
  /**
   * What the token lets the caller do now: the granted scopes with their implications,
   * limited to what the user may still hold (an administrator's change applies at once).
   */
  readonly effectiveScopes: ReadonlySet<string>;
  /** The token's `jti`. */
  readonly tokenId: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
