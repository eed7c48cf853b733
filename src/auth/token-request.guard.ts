import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { Client } from '../clients/client.entity';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { ScopeCatalog } from '../scopes/scope-catalog';
import type { User } from '../users/user.entity';
import { ClientAuthentication } from './client-authentication';
import { tokenErrorOf } from './token-errors';
import { checkTokenRequest, type TokenRequest, type TokenRequestForm } from './token-request';

/** `POST /token` once the guard has let it through: form checked, client authenticated. */
export type AuthenticatedTokenRequest = FastifyRequest<{ Body: TokenRequestForm }> & {
  tokenRequest: TokenRequest & { readonly client: Client };
  /** The password grant's user, authenticated by the passport-local strategy. */
  user?: User;
};

/**
 * Guards `POST /token`: reads the request (cheap), authenticates the client and checks that
 * it may use the grant, and for the password grant lets the passport-local strategy check the
 * password (one argon2 verification). Every failure is RFC 6749 JSON.
 */
@Injectable()
export class TokenRequestGuard extends AuthGuard('local') {
  constructor(
    private readonly catalog: ScopeCatalog,
    private readonly clients: ClientAuthentication,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedTokenRequest>();
    const parsed = checkTokenRequest(
      request.headers['content-type'],
      request.body,
      this.catalog,
      request.query,
    );
    const client = await this.clients.authenticate(request.headers.authorization, parsed.form);
    if (!client.grantTypes.includes(parsed.grantType)) {
      throw OAuth2Error.unauthorizedClient(parsed.grantType);
    }
    request.tokenRequest = { ...parsed, client };
    if (parsed.grantType !== 'password') return true;
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw tokenErrorOf(error);
    if (!user) throw OAuth2Error.invalidGrant();
    return user;
  }
}
