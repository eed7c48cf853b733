import { decode } from 'jsonwebtoken';
import { BearerError } from '../core/errors/bearer-error';
import type { KeyStore, VerificationKey } from '../keys/key-store';

/**
 * JOSE header parameters that point at a key to fetch or trust (`jku`, `jwk`, `x5u`, `x5c`,
 * `x5t`) or demand extensions (`crit`). We never issue them: a token carrying one was not made
 * here, and nothing they name is ever fetched or used. The key comes from `kid` alone, looked
 * up among the keys we publish.
 */
const FOREIGN_HEADER_PARAMETERS = ['jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'];

/**
 * The published key that must have signed `rawJwtToken`: the one its `kid` names, used only
 * with that key's algorithm (no HS/RS/ES confusion, no `none`). Throws `invalid_token` for a
 * token that names no key, an unknown or retired one, another algorithm, or a header we never
 * issue. It checks no signature: jsonwebtoken does, with the key returned.
 */
export function verificationKeyFor(rawJwtToken: string, keys: KeyStore): VerificationKey {
  const header = headerOf(rawJwtToken);
  const key = keys.verificationKey(header.kid);
  if (!key) throw BearerError.invalidToken('The token was signed by a key we do not know');
  if (header.alg !== key.algorithm) {
    throw BearerError.invalidToken(`The token's algorithm is not its key's (${key.algorithm})`);
  }
  return key;
}

/** The token's header, refused before any key is looked up if it is not one of ours. */
function headerOf(rawJwtToken: string): { kid: string; alg: string } {
  const decoded = decode(rawJwtToken, { complete: true });
  if (!decoded || typeof decoded.header !== 'object') {
    throw BearerError.invalidToken('The access token is invalid (malformed)');
  }
  const header = decoded.header as unknown as Record<string, unknown>;
  if (FOREIGN_HEADER_PARAMETERS.some((name) => Object.hasOwn(header, name))) {
    throw BearerError.invalidToken('The token header names a key or an extension we do not use');
  }
  if (typeof header.kid !== 'string' || typeof header.alg !== 'string') {
    throw BearerError.invalidToken('The token header names no key (kid) or no algorithm');
  }
  return { kid: header.kid, alg: header.alg };
}
