/** `Bearer <b64token>` (RFC 6750 §2.1), scheme name in any case. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** RFC 6750 §2.1's b64token, for a token sent in a form field. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Scopegate's tokens are a few hundred bytes; anything much longer is refused before it is
 * decoded, so a hostile client cannot make every request parse kilobytes of JSON.
 */
export const MAX_AUTHORIZATION_LENGTH = 4096;

/** The scheme of an `Authorization` header: its first word. */
const SCHEME = /^([^\s]+)/;

/** What the request's credentials are, read once per request. */
export type BearerCredentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-long' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly token: string };

/**
 * Reads the `Authorization` header. Only that header is read: a token in the query string is
 * ignored. Another scheme (`Basic …`) is no bearer credentials at all, like a missing header
 * (RFC 6750 §3.1).
 */
export function bearerCredentialsOf(header: string | string[] | undefined): BearerCredentials {
  if (header === undefined) return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  if (SCHEME.exec(header)?.[1].toLowerCase() !== 'bearer') return { kind: 'none' };
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'too-long' };
  const token = BEARER.exec(header)?.[1];
  return token === undefined ? { kind: 'malformed' } : { kind: 'token', token };
}

/** The form's `access_token` field (RFC 6750 §2.2), read like the header's token. */
export function formCredentialsOf(field: string): BearerCredentials {
  if (field.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'too-long' };
  return B64TOKEN.test(field) ? { kind: 'token', token: field } : { kind: 'malformed' };
}
