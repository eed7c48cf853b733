import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '@scopegate/resource-server';
import type { Principal } from './principal';

/**
 * The authenticated user (the `sub` of the access token, loaded and checked enabled). A route
 * that asks for it acts for a user: a client's own token (client_credentials) gets 403.
 */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = principalOf<Principal>(context);
  if (principal.kind !== 'user') {
    throw new ForbiddenException(
      "This route acts for a user; a client's own token (client_credentials) has none",
    );
  }
  return principal.user;
});
