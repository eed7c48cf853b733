import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { AccessTokenVerifier, type VerifiedToken } from './access-token-verifier';
import { bearerCredentialsOf, formCredentialsOf, type BearerCredentials } from './bearer-token';
import { BEARER_STRATEGY, type BearerRequest } from './bearer.strategy';
import { FORM_BEARER_TOKEN_KEY } from './decorators';
import { BearerError, ErrorResponse } from './errors';
import type { GuardedRequest, ScopedPrincipal } from './principal';
import { ScopeRequirements } from './scope-requirements';

/**
 * Turns a verified token into the request's principal. Scopegate's own checks what may change
 * during a token's life (revocation, its user and client); a service's default gives what the
 * token says, its scopes expanded through the issuer's catalog. It throws a `BearerError` to
 * refuse the token.
 */
export interface PrincipalResolver<P extends ScopedPrincipal = ScopedPrincipal> {
  of(token: VerifiedToken): P | Promise<P>;
}

/** The injection token of the application's `PrincipalResolver`. */
export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');

type Request = GuardedRequest & BearerRequest;

/**
 * The global authentication guard: every route needs a valid access token unless it is
 * `@Public()`. A token seen for the first time is verified by the passport-jwt strategy
 * (`BearerStrategy`); a token verified before comes from the verifier's cache. Either way the
 * `PrincipalResolver` runs. Failures are RFC 6750 errors; success leaves the principal on the
 * request.
 */
@Injectable()
export class AccessTokenGuard extends AuthGuard(BEARER_STRATEGY) {
  private readonly formTokenHandlers = new WeakMap<object, boolean>();

  constructor(
    private readonly requirements: ScopeRequirements,
    private readonly verifier: AccessTokenVerifier,
    @Inject(PRINCIPAL_RESOLVER) private readonly principals: PrincipalResolver,
    private readonly reflector: Reflector,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, scopes } = this.requirements.of(context.getClass(), context.getHandler());
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
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
    request.bearerToken = credentials.token;
    let verified = this.verifier.verified.get(credentials.token);
    if (!verified) {
      await super.canActivate(context);
      verified = request.user as VerifiedToken;
      this.verifier.verified.set(credentials.token, verified);
    }
    request.principal = await this.principals.of(verified);
    return true;
  }

  /** Does this handler also take the token in the form (`@FormBearerToken()`)? Read once. */
  private takesFormToken(handler: object): boolean {
    let takes = this.formTokenHandlers.get(handler);
    if (takes === undefined) {
      takes =
        this.reflector.get<boolean | undefined>(FORM_BEARER_TOKEN_KEY, handler as never) ?? false;
      this.formTokenHandlers.set(handler, takes);
    }
    return takes;
  }

  /** passport's outcome: the verified claims, or the RFC 6750 answer to why not. */
  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // A failure that is not the token's (the issuer unreachable, a database down while loading
    // keys) passes as it is: the exception filter answers it as such, never as a bad token.
    if (error instanceof Error) throw error;
    if (user) return user;
    if (info instanceof ErrorResponse) throw info;
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
  if (typeof field !== 'string') {
    throw BearerError.invalidRequest('access_token sent more than once');
  }
  return formCredentialsOf(field);
}

/** A short, safe description of why jsonwebtoken refused the token. */
function describe(error: JsonWebTokenError): string {
  if (error instanceof TokenExpiredError) return 'The access token expired';
  if (error instanceof NotBeforeError) return 'The access token is not valid yet';
  const reason = error.message.split('.')[0].replace(/^jwt /, '');
  return `The access token is invalid (${reason})`;
}
