import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal';

function principalOf(context: ExecutionContext): Principal {
  const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!principal) {
    // Only reachable when a @Public() route asks for the caller: a programming error.
    throw new Error('@CurrentUser()/@CurrentPrincipal() used on a route without authentication');
  }
  return principal;
}

/** The authenticated caller: user, granted and effective scopes, token id. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) =>
  principalOf(context),
);

/**
 * The authenticated user (the `sub` of the access token, loaded and checked enabled). A route
 * that asks for it acts for a user: a client's own token (client credentials) gets 403.
 */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = principalOf(context);
  if (principal.kind !== 'user') {
    throw new ForbiddenException(
      "This route acts for a user; a client's own token (client_credentials) has none",
    );
  }
  return principal.user;
});
