import { HttpStatus } from '@nestjs/common';
import { ProtocolError } from './protocol-error';

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

  /** Anything wrong with the token itself or with the user it names. */
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

/** RFC 6750 §3: error_description excludes `"` and `\`, even escaped. */
function quote(value: string): string {
  return value.replace(/"/g, "'").replace(/\\/g, '/');
}
