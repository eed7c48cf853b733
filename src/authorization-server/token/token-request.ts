import { isScopeToken, type ScopeCatalog } from '@scopegate/resource-server';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import type { OAuth2Form } from '../common/oauth2-form';
import type { GrantHandler } from '../common/grant-handler';
import type { GrantRegistry } from '../common/grant-registry';

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
  /** The handler of the request's `grant_type`. */
  readonly grant: GrantHandler;
  /** Undefined when `scope` was absent or empty: each grant decides what that means. */
  readonly requestedScopes: string[] | undefined;
}

/**
 * Checks a token request before any client or password is looked at, in the order RFC 6749
 * suggests: the grant type, the grant's required fields, then the scope. Throws the matching
 * OAuth2 error.
 */
export function checkTokenRequest(
  form: OAuth2Form,
  catalog: ScopeCatalog,
  grants: GrantRegistry,
): TokenRequest {
  const grantType = form.optional('grant_type');
  if (grantType === undefined) throw OAuth2Error.invalidRequest('Missing parameter: grant_type');
  const grant = grants.get(grantType);
  if (!grant) throw OAuth2Error.unsupportedGrantType(grantType, grants.grantTypes);
  for (const field of grant.requiredFields) form.required(field);
  return { grant, requestedScopes: requestedScopes(form.optional('scope'), catalog) };
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
