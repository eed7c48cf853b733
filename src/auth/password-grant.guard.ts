import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { ProtocolError } from '../core/errors/protocol-error';
import { PasswordHasherBusyError } from '../users/password-hasher';
import type { User } from '../users/user.entity';
import { checkTokenRequest, type TokenRequestForm } from './token-request';

/**
 * `POST /token` once the guard has let it through: the form is checked, its scopes parsed,
 * the user authenticated.
 */
export type PasswordGrantRequest = FastifyRequest<{ Body: TokenRequestForm }> & {
  user: User;
  requestedScopes: string[];
};

/**
 * Guards `POST /token`: validates the request (cheap) before the passport-local strategy
 * checks the password (one argon2 verification), and turns every failure into RFC 6749 JSON.
 */
@Injectable()
export class PasswordGrantGuard extends AuthGuard('local') {
  constructor(private readonly catalog: ScopeCatalog) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PasswordGrantRequest>();
    request.requestedScopes = checkTokenRequest(
      request.headers['content-type'],
      request.body,
      this.catalog,
    );
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof PasswordHasherBusyError) {
      throw OAuth2Error.temporarilyUnavailable(error.retryAfterSeconds);
    }
    if (error instanceof ProtocolError || error instanceof Error) throw error;
    if (error) throw new Error('The password grant failed');
    if (!user) throw OAuth2Error.invalidGrant();
    return user;
  }
}
