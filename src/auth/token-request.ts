import { isScopeToken } from '../scopes/scope-definition';
import type { ScopeCatalog } from '../scopes/scope-catalog';
import { HttpStatus } from '@nestjs/common';
import type { ClientError } from '../core/client-errors.decorator';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { oauth2Form } from './oauth2-form';

/** The form fields of `POST /token` (RFC 6749 §4.3.2). */
export interface TokenRequestForm {
  grant_type?: unknown;
  username?: unknown;
  password?: unknown;
  scope?: unknown;
}

/**
 * Checks a token request before any password is looked at, in the order RFC 6749 suggests:
 * the encoding, the grant type, the required fields, then the scope. Throws the matching
 * OAuth2 error; returns the requested scopes.
 */
export function checkTokenRequest(
  contentType: string | undefined,
  form: unknown,
  catalog: ScopeCatalog,
): string[] {
  const fields = oauth2Form(contentType, form);
  const grantType = fields.optional('grant_type');
  if (grantType === undefined) throw OAuth2Error.invalidRequest('Missing parameter: grant_type');
  if (grantType !== 'password') throw OAuth2Error.unsupportedGrantType(grantType);
  fields.required('username');
  fields.required('password');
  return requestedScopes(fields.optional('scope'), catalog);
}

/**
 * RFC 6749 §5.2: a token request the HTTP layer could not even read (wrong media type,
 * malformed or oversized body) is `invalid_request`; a body too large keeps its 413.
 */
export function tokenRequestError(error: ClientError): OAuth2Error {
  if (error.status === (HttpStatus.PAYLOAD_TOO_LARGE as number)) {
    return OAuth2Error.invalidRequest(error.message, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return OAuth2Error.invalidRequest(
    'The request body must be application/x-www-form-urlencoded (RFC 6749 §4.3.2)',
  );
}

/** Splits the `scope` parameter; a malformed or unknown scope is `invalid_scope`. */
export function requestedScopes(scope: string | undefined, catalog: ScopeCatalog): string[] {
  if (scope === undefined || scope.trim() === '') return [];
  const scopes = scope.split(' ').filter(Boolean);
  for (const name of scopes) {
    if (!isScopeToken(name)) {
      throw OAuth2Error.invalidScope(`Malformed scope ${JSON.stringify(name.slice(0, 64))}`);
    }
    if (!catalog.has(name)) throw OAuth2Error.invalidScope(`Unknown scope "${name.slice(0, 64)}"`);
  }
  return [...new Set(scopes)];
}
