import { ProtocolError } from '@scopegate/resource-server';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import { PasswordHasherBusyError } from '../../credentials/password-hasher';
import { SharedStateUnavailableError } from '../../redis/shared-state-unavailable';

/**
 * What an OAuth2 form endpoint throws for a failure: a saturated argon2 pool or an unreachable
 * Redis becomes RFC 6749's 503 `temporarily_unavailable` with `Retry-After`; protocol errors
 * and our own failures pass as they are.
 */
export function tokenErrorOf(error: unknown): Error {
  if (error instanceof PasswordHasherBusyError || error instanceof SharedStateUnavailableError) {
    return OAuth2Error.temporarilyUnavailable(error.retryAfterSeconds);
  }
  if (error instanceof ProtocolError || error instanceof Error) return error;
  return new Error('The token request failed');
}
