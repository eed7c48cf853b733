import type { FastifyRequest } from 'fastify';

/** `Bearer <b64token>` (RFC 6750 §2.1), scheme name in any case. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Our tokens are a few hundred bytes; anything much longer is refused before it is decoded,
 * so a hostile client cannot make every request parse kilobytes of JSON.
 */
export const MAX_AUTHORIZATION_LENGTH = 4096;

/**
 * The token of the `Authorization` header, or null. Only that header is read: a token in the
 * query string or the body is ignored.
 */
export function bearerTokenOf(request: Pick<FastifyRequest, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  return BEARER.exec(header)?.[1] ?? null;
}
