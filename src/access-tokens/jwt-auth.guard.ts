import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { BearerError } from '../core/errors/bearer-error';
import { ScopeRequirements } from '../scopes/scope-requirements';
import { Reflector } from '@nestjs/core';
import {
  bearerCredentialsOf,
  MAX_AUTHORIZATION_LENGTH,
  type BearerCredentials,
} from './bearer-token';
import { FORM_BEARER_TOKEN } from './form-bearer-token.decorator';
import type { BearerRequest } from './jwt.strategy';
import { TokenPrincipals } from './token-principals';
import type { VerifiedToken } from './access-token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * The global authentication guard: every route needs a valid access token unless it is
 * `@Public()`. A token seen for the first time is verified by the passport-jwt strategy
 * (`JwtStrategy`); a token verified before comes from the `VerifiedTokenCache`. Either way
 * its user is checked again. Failures are RFC 6750 errors; success leaves the `Principal` on
 * the request.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly requirements: ScopeRequirements,
    private readonly verifiedTokens: VerifiedTokenCache,
    private readonly principals: TokenPrincipals,
    private readonly reflector: Reflector,
  ) {
    super();
  }

  private readonly formTokenHandlers = new WeakMap<object, boolean>();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, scopes } = this.requirements.of(context.getClass(), context.getHandler());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<BearerRequest>();
    let credentials = bearerCredentialsOf(request.headers.authorization);
    if (this.takesFormToken(context.getHandler())) {
      credentials = withFormToken(credentials, request.body);
    }
    switch (credentials.kind) {
      case 'none':
        throw BearerError.missingToken(scopes);
      case 'too-long':
        throw BearerError.invalidToken('The access token is too long');
      case 'malformed':
        throw BearerError.invalidToken('The Authorization header must be: Bearer <access token>');
    }
    let verified = this.verifiedTokens.get(credentials.token);
    if (!verified) {
      request.bearerToken = credentials.token;
      await super.canActivate(context);
      verified = request.user as VerifiedToken;
      this.verifiedTokens.set(credentials.token, verified);
    }
    request.principal = await this.principals.of(verified);
    return true;
  }

  /** Does this handler also take the token in the form (`@FormBearerToken()`)? Read once. */
  private takesFormToken(handler: object): boolean {
    let takes = this.formTokenHandlers.get(handler);
    if (takes === undefined) {
      takes = this.reflector.get<boolean | undefined>(FORM_BEARER_TOKEN, handler as never) ?? false;
      this.formTokenHandlers.set(handler, takes);
    }
    return takes;
  }

  /** passport's outcome: the verified claims, or the RFC 6750 answer to why not. */
  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // A failure of ours (the database unreachable while loading keys, say) passes as it is:
    // the exception filter answers it as such, never as a bad token.
    if (error instanceof Error) throw error;
    if (user) return user;
    if (info instanceof BearerError) throw info;
    if (info instanceof JsonWebTokenError) throw BearerError.invalidToken(describe(info));
    throw BearerError.invalidToken('The access token is invalid');
  }
}

/** The header's credentials, or the form's `access_token`; both at once is `invalid_request`. */
function withFormToken(header: BearerCredentials, body: unknown): BearerCredentials {
  const field =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>).access_token
      : undefined;
  if (field === undefined) return header;
  if (header.kind !== 'none') {
    throw BearerError.invalidRequest('Send the access token in the header or the form, not both');
  }
  if (typeof field !== 'string')
    throw BearerError.invalidRequest('access_token sent more than once');
  if (field.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'too-long' };
  return /^[A-Za-z0-9\-._~+/]+=*$/.test(field)
    ? { kind: 'token', token: field }
    : { kind: 'malformed' };
}

/** A short, safe description of why jsonwebtoken refused the token. */
function describe(error: JsonWebTokenError): string {
  if (error instanceof TokenExpiredError) return 'The access token expired';
  if (error instanceof NotBeforeError) return 'The access token is not valid yet';
  const reason = error.message.split('.')[0].replace(/^jwt /, '');
  return `The access token is invalid (${reason})`;
}
