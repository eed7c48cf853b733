import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ScopeCatalog } from '@scopegate/resource-server';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import type { User } from '../../users/user.entity';
import { formOf, type FormEndpointRequest } from '../common/form-endpoint';
import { tokenErrorOf } from '../common/token-errors';
import { GrantRegistry } from '../common/grant-registry';
import { checkTokenRequest, type TokenRequest } from './token-request';

/** `POST /token` as its guards leave it: form and grant checked, client authenticated. */
export type TokenEndpointRequest = FormEndpointRequest & {
  tokenRequest?: TokenRequest;
  /** The password grant's user, authenticated by the passport-local strategy. */
  user?: User;
};

/**
 * Reads `POST /token` before its client is looked at (cheap): the form, the grant type, what
 * that grant requires, and the scope. Every failure is RFC 6749 JSON.
 */
@Injectable()
export class TokenRequestGuard implements CanActivate {
  constructor(
    private readonly catalog: ScopeCatalog,
    private readonly grants: GrantRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TokenEndpointRequest>();
    request.tokenRequest = checkTokenRequest(formOf(request), this.catalog, this.grants);
    return true;
  }
}

/**
 * Once the client is known: refuses a grant it may not use (`unauthorized_client`), and for a
 * grant that checks a password lets the passport-local strategy check it (one argon2
 * verification): wrong credentials are `invalid_grant`.
 */
@Injectable()
export class GrantAllowedGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TokenEndpointRequest>();
    const { grant } = request.tokenRequest!;
    if (!request.oauth2Client!.client.grantTypes.includes(grant.grantType)) {
      throw OAuth2Error.unauthorizedClient(grant.grantType);
    }
    if (!grant.checksPassword) return true;
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw tokenErrorOf(error);
    if (!user) throw OAuth2Error.invalidGrant();
    return user;
  }
}
