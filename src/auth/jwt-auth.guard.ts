import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { ScopeRequirements } from '../scopes/scope-requirements';
import { AccessTokenVerifier } from './access-token-verifier';
import { bearerCredentialsOf } from './bearer-token';
import { BearerError } from '../core/errors/bearer-error';
import type { AuthenticatedRequest } from '../core/principal';

/**
 * The global authentication guard: every route needs a valid access token unless it is
 * `@Public()`. Failures are RFC 6750 errors; success leaves the `Principal` on the request.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly requirements: ScopeRequirements,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, scopes } = this.requirements.of(context.getClass(), context.getHandler());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = bearerCredentialsOf(request.headers.authorization);
    switch (credentials.kind) {
      case 'none':
        throw BearerError.missingToken(scopes);
      case 'too-long':
        throw BearerError.invalidToken('The access token is too long');
      case 'malformed':
        throw BearerError.invalidToken('The Authorization header must be: Bearer <access token>');
    }
    try {
      request.principal = await this.verifier.verify(credentials.token);
    } catch (error) {
      if (error instanceof JsonWebTokenError) throw BearerError.invalidToken(describe(error));
      // BearerErrors pass as they are; anything else is a failure of ours (the database being
      // unreachable, say), which the exception filter answers as such, never as a bad token.
      throw error;
    }
    return true;
  }
}

/** A short, safe description of why jsonwebtoken refused the token. */
function describe(error: JsonWebTokenError): string {
  if (error instanceof TokenExpiredError) return 'The access token expired';
  if (error instanceof NotBeforeError) return 'The access token is not valid yet';
  const reason = error.message.split('.')[0].replace(/^jwt /, '');
  return `The access token is invalid (${reason})`;
}
