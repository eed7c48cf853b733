import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** What the scope guard needs of any caller: the scopes it may use now, implications included. */
export interface ScopedPrincipal {
  readonly effectiveScopes: ReadonlySet<string>;
}

/**
 * The caller of a protected route of a service using `ResourceServerModule`: what the verified
 * access token says.
 */
export interface AccessTokenPrincipal extends ScopedPrincipal {
  /** The token's `sub`: a user's id, or the client's own id for a client-credentials token. */
  readonly sub: string;
  /** The client the token was issued to (`client_id`). */
  readonly clientId: string;
  /** Whether the token is the client's own (client credentials): no user behind it. */
  readonly isClient: boolean;
  /** The `scope` claim, as issued. */
  readonly scopes: readonly string[];
  /** The granted scopes with everything they imply in the issuer's catalog. */
  readonly effectiveScopes: ReadonlySet<string>;
  /** The token's `jti`. */
  readonly tokenId: string;
  /** Every claim of the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** A request as the guards see it, on Express or Fastify alike. */
export interface GuardedRequest<P extends ScopedPrincipal = ScopedPrincipal> {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
  principal?: P;
}

/** The principal the authentication guard left on the request. */
export function principalOf<P extends ScopedPrincipal = AccessTokenPrincipal>(
  context: ExecutionContext,
): P {
  const { principal } = context.switchToHttp().getRequest<GuardedRequest<P>>();
  if (!principal) {
    // Only reachable when a @Public() route asks for the caller: a programming error.
    throw new Error('The caller was asked for on a route without authentication (@Public())');
  }
  return principal;
}

/** The authenticated caller of the route: `@CurrentPrincipal() caller: AccessTokenPrincipal`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) =>
  principalOf(context),
);
