import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { ScopeRequirements } from '../scopes/scope-requirements';
import { AccessTokenVerifier } from './access-token-verifier';
import { bearerTokenOf } from './bearer-token';
import { BearerError } from './errors/bearer-error';
import { ProtocolError } from './errors/protocol-error';
import type { AuthenticatedRequest } from './principal';

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
    const token = bearerTokenOf(request);
    if (token === null) {
      if (request.headers.authorization === undefined) throw BearerError.missingToken(scopes);
      throw BearerError.invalidToken('The Authorization header must be "Bearer <access token>"');
    }
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      if (error instanceof JsonWebTokenError) throw BearerError.invalidToken(describe(error));
      // Anything else (the user lookup failed): the token cannot be vouched for.
      throw BearerError.invalidToken('The access token could not be verified');
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
