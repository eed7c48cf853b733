/** Longest redirect URI registered or accepted. */
export const MAX_REDIRECT_URI_LENGTH = 2000;

/** A loopback `http` URI's scheme and host, and its port if any (RFC 8252 §7.3). */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d{1,5})?(?=[/?]|$)/;

/** A private-use scheme is a reverse domain name (RFC 8252 §7.1): `com.example.app:/cb`. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;

/**
 * What is wrong with `uri` as a redirect URI to register, or null: only `https://` URIs,
 * loopback `http://` URIs (127.0.0.1 or [::1]) and private-use schemes, never a fragment,
 * nothing a browser would read differently from the string registered.
 */
export function redirectUriProblem(uri: string): string | null {
  if (uri.length === 0 || uri.length > MAX_REDIRECT_URI_LENGTH) {
    return `must be 1-${MAX_REDIRECT_URI_LENGTH} characters`;
  }
  if (/[\s\p{Cc}]/u.test(uri)) return 'must not contain spaces or control characters';
  if (uri.includes('#')) return 'must not have a fragment';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') return url.hostname ? null : 'needs a host';
  if (scheme === 'http') {
    return LOOPBACK.test(uri) ? null : 'http is allowed only for 127.0.0.1 and [::1] (loopback)';
  }
  if (PRIVATE_USE_SCHEME.test(scheme)) return null;
  return 'must be https, loopback http, or a private-use scheme such as com.example.app:/callback';
}

/**
 * Does the `given` redirect URI match the `registered` one? Exact string comparison, except
 * that a loopback `http` URI matches on any port (RFC 8252 §7.3: native apps listen on a port
 * chosen when they run).
 */
export function matchesRedirectUri(registered: string, given: string): boolean {
  if (registered === given) return true;
  if (!LOOPBACK.test(registered) || !LOOPBACK.test(given)) return false;
  return withoutPort(registered) === withoutPort(given);
}

function withoutPort(uri: string): string {
  return uri.replace(LOOPBACK, 'http://$1');
}
