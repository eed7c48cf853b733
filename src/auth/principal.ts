import type { FastifyRequest } from 'fastify';
import type { User } from '../users/user.entity';

/** Who is calling a protected route, and with which scopes. Built once per request. */
export interface Principal {
  readonly user: User;
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
