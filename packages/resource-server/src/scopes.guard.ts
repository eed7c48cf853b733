import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerError } from './errors';
import type { GuardedRequest } from './principal';
import { ScopeRequirements } from './scope-requirements';

/**
 * Requires every scope of the route (class-level and handler-level `@Scopes()`, merged). Runs
 * after authentication, which has already expanded the token's scopes through the catalog's
 * implications, so each check is a set lookup.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly requirements: ScopeRequirements) {}

  canActivate(context: ExecutionContext): boolean {
    const { isPublic, scopes } = this.requirements.of(context.getClass(), context.getHandler());
    if (isPublic || scopes.length === 0) return true;
    const { principal } = context.switchToHttp().getRequest<GuardedRequest>();
    if (!principal || !scopes.every((scope) => principal.effectiveScopes.has(scope))) {
      throw BearerError.insufficientScope(scopes);
    }
    return true;
  }
}
