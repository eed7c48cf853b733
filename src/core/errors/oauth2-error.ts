import { HttpStatus } from '@nestjs/common';
import { ProtocolError } from '@scopegate/resource-server';

/** Error codes of the token endpoint (RFC 6749 §5.2), plus throttling and overload. */
export type OAuth2ErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'invalid_scope'
  | 'unsupported_grant_type'
  | 'slow_down'
  | 'temporarily_unavailable';

/** The realm of the Basic challenge of client authentication. */
export const CLIENT_REALM = 'scopegate';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/**
 * An error response of the OAuth2 form endpoints (`/token`, `/revoke`, `/introspect`), built
 * only through the factories below.
 */
export class OAuth2Error extends ProtocolError {
  private constructor(
    readonly code: OAuth2ErrorCode,
    description: string,
    status: number = HttpStatus.BAD_REQUEST,
    headers: Record<string, string> = {},
  ) {
    super(status, { error: code, error_description: description }, { ...NO_STORE, ...headers });
  }

  /** A malformed request; `status` is 413 when the body was too large to read. */
  static invalidRequest(description: string, status: number = HttpStatus.BAD_REQUEST): OAuth2Error {
    return new OAuth2Error('invalid_request', description, status);
  }

  /** Wrong password, unknown user and disabled user are deliberately indistinguishable. */
  static invalidGrant(description = 'Incorrect username or password'): OAuth2Error {
    return new OAuth2Error('invalid_grant', description);
  }

  /**
   * The client could not be authenticated (unknown, wrong secret, disabled, or a confidential
   * client that sent none): 401, with a Basic challenge when it tried HTTP Basic (RFC 6749 §5.2).
   */
  static invalidClient(
    basicTried: boolean,
    description = 'Client authentication failed',
  ): OAuth2Error {
    return new OAuth2Error(
      'invalid_client',
      description,
      HttpStatus.UNAUTHORIZED,
      basicTried ? { 'WWW-Authenticate': `Basic realm="${CLIENT_REALM}"` } : {},
    );
  }

  /** The client may not use this grant type. */
  static unauthorizedClient(grantType: string): OAuth2Error {
    return new OAuth2Error('unauthorized_client', `This client may not use the ${grantType} grant`);
  }

  static invalidScope(description: string): OAuth2Error {
    return new OAuth2Error('invalid_scope', description);
  }

  static unsupportedGrantType(grantType: string, supported: readonly string[]): OAuth2Error {
    const choices = `${supported.slice(0, -1).join(', ')} or ${supported.at(-1)}`;
    return new OAuth2Error(
      'unsupported_grant_type',
      `Grant type "${grantType.slice(0, 64)}" is not supported; use ${choices}`,
    );
  }

  static tooManyAttempts(retryAfterSeconds: number): OAuth2Error {
    return new OAuth2Error(
      'slow_down',
      `Too many token requests; retry after ${retryAfterSeconds} seconds`,
      HttpStatus.TOO_MANY_REQUESTS,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  /**
   * The server cannot check a password now (every argon2 slot busy, the queue full): 503 with
   * `Retry-After`, RFC 6749 §4.1.2.1's `temporarily_unavailable` code.
   */
  static temporarilyUnavailable(retryAfterSeconds: number): OAuth2Error {
    return new OAuth2Error(
      'temporarily_unavailable',
      `The server is busy; retry after ${retryAfterSeconds} second(s)`,
      HttpStatus.SERVICE_UNAVAILABLE,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
