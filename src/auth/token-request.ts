import { isScopeToken } from '../scopes/scope-definition';
import type { ScopeCatalog } from '../scopes/scope-catalog';
import { HttpStatus } from '@nestjs/common';
import type { ClientError } from '../core/client-errors.decorator';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { GRANT_TYPES, type GrantType } from '../clients/client.entity';
import { oauth2Form, type OAuth2Form } from './oauth2-form';

/** The grant types `POST /token` supports. */
export const SUPPORTED_GRANT_TYPES: readonly GrantType[] = GRANT_TYPES;

/** The form fields of `POST /token` (RFC 6749 §4.3.2, §4.4.2, §6). */
export interface TokenRequestForm {
  grant_type?: unknown;
  username?: unknown;
  password?: unknown;
  refresh_token?: unknown;
  scope?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
}

/** A token request as read from its form, before any client or password is checked. */
export interface TokenRequest {
  readonly form: OAuth2Form;
  readonly grantType: GrantType;
  /** Undefined when `scope` was absent or empty: each grant decides what that means. */
  readonly requestedScopes: string[] | undefined;
}

/**
 * Checks a token request before any client or password is looked at, in the order RFC 6749
 * suggests: the encoding, the grant type, the grant's required fields, then the scope.
 * Throws the matching OAuth2 error.
 */
export function checkTokenRequest(
  contentType: string | undefined,
  body: unknown,
  catalog: ScopeCatalog,
  query?: unknown,
): TokenRequest {
  const form = oauth2Form(contentType, body, query);
  const grantType = form.optional('grant_type');
  if (grantType === undefined) throw OAuth2Error.invalidRequest('Missing parameter: grant_type');
  if (!(SUPPORTED_GRANT_TYPES as readonly string[]).includes(grantType)) {
    throw OAuth2Error.unsupportedGrantType(grantType);
  }
  for (const field of REQUIRED_FIELDS[grantType as GrantType]) form.required(field);
  return {
    form,
    grantType: grantType as GrantType,
    requestedScopes: requestedScopes(form.optional('scope'), catalog),
  };
}

/** What each grant needs besides its client (RFC 6749 §4.3.2, §4.4.2, §6). */
const REQUIRED_FIELDS: Record<GrantType, readonly string[]> = {
  password: ['username', 'password'],
  refresh_token: ['refresh_token'],
  client_credentials: [],
};

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

/**
 * Splits the `scope` parameter; a malformed or unknown scope is `invalid_scope`. Absent or
 * empty is `undefined`: each grant decides what that means.
 */
export function requestedScopes(
  scope: string | undefined,
  catalog: ScopeCatalog,
): string[] | undefined {
  if (scope === undefined || scope.trim() === '') return undefined;
  const scopes = scope.split(' ').filter(Boolean);
  for (const name of scopes) {
    if (!isScopeToken(name)) {
      throw OAuth2Error.invalidScope(`Malformed scope ${JSON.stringify(name.slice(0, 64))}`);
    }
    if (!catalog.has(name)) throw OAuth2Error.invalidScope(`Unknown scope "${name.slice(0, 64)}"`);
  }
  return [...new Set(scopes)];
}
