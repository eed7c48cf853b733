import { HttpStatus } from '@nestjs/common';
import { ProtocolError } from './protocol-error';

/** Error codes of the token endpoint (RFC 6749 §5.2), plus throttling and overload. */
export type OAuth2ErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unsupported_grant_type'
  | 'slow_down'
  | 'temporarily_unavailable';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** An error response of `POST /token`, built only through the factories below. */
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
  static invalidGrant(): OAuth2Error {
    return new OAuth2Error('invalid_grant', 'Incorrect username or password');
  }

  static invalidScope(description: string): OAuth2Error {
    return new OAuth2Error('invalid_scope', description);
  }

  static unsupportedGrantType(grantType: string): OAuth2Error {
    return new OAuth2Error(
      'unsupported_grant_type',
      `Grant type "${grantType}" is not supported; use "password"`,
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
