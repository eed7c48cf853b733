import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { ScopeRequirements } from '../scopes/scope-requirements';
import { MAX_AUTHORIZATION_LENGTH } from './bearer-token';
import { BearerError } from './errors/bearer-error';
import { ProtocolError } from './errors/protocol-error';
import type { AuthenticatedRequest, Principal } from './principal';

/**
 * The global authentication guard: every route needs a valid access token unless it is
 * `@Public()`. Failures are RFC 6750 errors; success leaves the `Principal` on the request.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly requirements: ScopeRequirements) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.requirements.of(context.getClass(), context.getHandler()).isPublic) return true;
    return super.canActivate(context);
  }

  override getAuthenticateOptions(): IAuthModuleOptions {
    return { property: 'principal', session: false };
  }

  override handleRequest<TUser = Principal>(
    error: unknown,
    principal: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    // Verification failures arrive as `info`; an `error` comes from the strategy itself: a
    // refusal (ProtocolError) or a failure of ours, such as the database being unreachable,
    // which must not pass for a bad token.
    if (error instanceof ProtocolError || error instanceof Error) throw error;
    if (error) throw BearerError.invalidToken('The access token could not be verified');
    if (principal) return principal;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined) {
      const { scopes } = this.requirements.of(context.getClass(), context.getHandler());
      throw BearerError.missingToken(scopes);
    }
    if (header.length > MAX_AUTHORIZATION_LENGTH) {
      throw BearerError.invalidToken('The access token is too long');
    }
    throw BearerError.invalidToken(describe(info));
  }
}

/** A short, safe description of why jsonwebtoken refused the token. */
function describe(info: unknown): string {
  if (info instanceof TokenExpiredError) return 'The access token expired';
  if (info instanceof NotBeforeError) return 'The access token is not valid yet';
  if (info instanceof JsonWebTokenError) {
    const reason = info.message.split('.')[0].replace(/^jwt /, '');
    return `The access token is invalid (${reason})`;
  }
  return 'The Authorization header must be: Bearer <access token>';
}
