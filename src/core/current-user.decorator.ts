import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
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

/** The authenticated user (the `sub` of the access token, loaded and checked enabled). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext) => principalOf(context).user,
);
