import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An error whose answer is already decided: status, JSON body and headers. The concern that
 * throws it owns that answer; an exception filter writes it as it is (the package's own
 * `ResourceServerErrorFilter`, or the application's).
 */
export class ErrorResponse<TBody extends object = object> extends HttpException {
  constructor(
    status: number,
    readonly body: TBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body, status);
  }
}

/** The body every OAuth2 (RFC 6749 §5.2) and bearer (RFC 6750 §3) error carries. */
export interface ProtocolErrorBody {
  error: string;
  error_description: string;
  /** On `insufficient_scope`: every scope the route requires, space-separated. */
  scope?: string;
}

/**
 * An HTTP error that belongs to the OAuth2 contract: a precise status, a JSON body of the
 * RFC's shape and the headers the RFC asks for.
 */
export class ProtocolError extends ErrorResponse<ProtocolErrorBody> {}

/** The realm of every bearer challenge: the protection space of Scopegate's tokens. */
export const BEARER_REALM = 'scopegate';

/**
 * Errors of a protected route (RFC 6750 §3): the status, the `WWW-Authenticate` challenge and
 * a JSON body saying the same thing for clients that do not parse headers.
 */
export class BearerError extends ProtocolError {
  private constructor(status: number, error: string, description: string, scope?: string) {
    const challenge = [`realm="${BEARER_REALM}"`];
    // Without credentials the challenge carries no error information (RFC 6750 §3.1).
    if (error !== 'unauthorized') {
      challenge.push(`error="${error}"`, `error_description="${quote(description)}"`);
    }
    if (scope) challenge.push(`scope="${scope}"`);
    super(
      status,
      { error, error_description: description, ...(scope ? { scope } : {}) },
      { 'WWW-Authenticate': `Bearer ${challenge.join(', ')}` },
    );
  }

  /** No credentials at all: a bare challenge, no error code (RFC 6750 §3.1). */
  static missingToken(requiredScopes: readonly string[]): BearerError {
    return new BearerError(
      HttpStatus.UNAUTHORIZED,
      'unauthorized',
      'An access token is required: send "Authorization: Bearer <token>"',
      requiredScopes.length ? requiredScopes.join(' ') : undefined,
    );
  }

  /** Anything wrong with the token itself or with the subject it names. */
  static invalidToken(description: string): BearerError {
    return new BearerError(HttpStatus.UNAUTHORIZED, 'invalid_token', description);
  }

  /** A malformed request (RFC 6750 §3.1): the token sent two ways at once, say. */
  static invalidRequest(description: string): BearerError {
    return new BearerError(HttpStatus.BAD_REQUEST, 'invalid_request', description);
  }

  /** A valid token that lacks some required scope; lists every scope the route requires. */
  static insufficientScope(required: readonly string[]): BearerError {
    return new BearerError(
      HttpStatus.FORBIDDEN,
      'insufficient_scope',
      'The access token does not grant every scope this route requires',
      required.join(' '),
    );
  }
}

/**
 * The issuer's keys cannot be had now (its metadata or JWKS unreachable, and no key held):
 * 503 with `Retry-After`, never a 401 that would make a client throw a good token away.
 */
export class IssuerUnavailableError extends ProtocolError {
  constructor(description: string, retryAfterSeconds: number) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      { error: 'temporarily_unavailable', error_description: description },
      { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    );
  }
}

/** RFC 6750 §3: error_description excludes `"` and `\`, even escaped. */
function quote(value: string): string {
  return value.replace(/"/g, "'").replace(/\\/g, '/');
}
