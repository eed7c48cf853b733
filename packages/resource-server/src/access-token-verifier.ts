import type { KeyObject } from 'node:crypto';
import { decode, verify, type Jwt, type JwtPayload } from 'jsonwebtoken';
import { BearerError } from './errors';
import type { VerifiedTokenCache } from './verified-token-cache';

/** A public key that signs access tokens, with the one algorithm it is used with. */
export interface VerificationKey {
  readonly kid: string;
  /** `ES256`, `RS256`, …: the only algorithm a token signed with this key may name. */
  readonly algorithm: string;
  readonly publicKey: KeyObject;
}

/**
 * Where the verifier finds the key a token's `kid` names: Scopegate's own key store, or the
 * issuer's JWKS fetched over HTTP (`RemoteKeySet`). Undefined for a key it does not know;
 * it throws (an `IssuerUnavailableError`) when it cannot know.
 */
export interface KeySource {
  verificationKey(kid: string): VerificationKey | undefined | Promise<VerificationKey | undefined>;
}

/** What every access token must say beyond its signature. */
export interface ClaimChecks {
  /** The `iss` the tokens carry. */
  readonly issuer: string;
  /** The `aud` the tokens must name (one of these). */
  readonly audience: string | readonly string[];
  /** Seconds of clock difference allowed on `exp`, `nbf` and `iat`. */
  readonly clockTolerance: number;
}

/** What a verified access token says: the claims every request needs, checked once. */
export interface VerifiedToken {
  /** The key that signed it. */
  readonly kid: string;
  readonly sub: string;
  /** The client the token was issued to; equal to `sub` for a client's own token. */
  readonly clientId: string;
  /** The `scope` claim, split. */
  readonly scopes: readonly string[];
  readonly jti: string;
  /** Issued at, in whole seconds since the epoch. */
  readonly iat: number;
  /** Expiry, in whole seconds since the epoch. */
  readonly exp: number;
  /** Every claim of the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The algorithms an access token may be signed with: asymmetric only, never `none` or HS*. */
export const ASYMMETRIC_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/** Longest token looked at; Scopegate's are far shorter. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * JOSE header parameters that point at a key to fetch or trust (`jku`, `jwk`, `x5u`, `x5c`,
 * `x5t`) or demand extensions (`crit`). Scopegate never issues them: a token carrying one was
 * not made there, and nothing they name is ever fetched or used. The key comes from `kid`
 * alone, looked up among the published keys.
 */
const FOREIGN_HEADER_PARAMETERS = ['jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'];

/**
 * The one definition of a valid access token (RFC 9068): signed by the published key its `kid`
 * names, with that key's algorithm only; `iss`, `aud`, `exp` and `nbf` with a small clock skew
 * (checked by jsonwebtoken, through passport-jwt on protected routes); `typ: at+jwt` and the
 * claims every request needs (checked here). Whether the token's subject may still use it is
 * the `PrincipalResolver`'s concern.
 */
export class AccessTokenVerifier {
  /** jsonwebtoken's checks besides the key and its algorithm. */
  readonly claimChecks: ClaimChecks;

  constructor(
    private readonly keys: KeySource,
    checks: ClaimChecks,
    /** Tokens verified before; a repeat costs a lookup instead of a signature check. */
    readonly verified: VerifiedTokenCache,
  ) {
    this.claimChecks = Object.freeze({ ...checks });
  }

  /**
   * The published key that must have signed `rawToken`: the one its `kid` names, used only
   * with that key's algorithm (no HS/RS/ES confusion, no `none`). Throws `invalid_token` for a
   * token that names no key, an unknown or retired one, another algorithm, or a header
   * Scopegate never issues. It checks no signature: jsonwebtoken does, with the key returned.
   */
  async keyFor(rawToken: string): Promise<VerificationKey> {
    const header = headerOf(rawToken);
    const key = await this.keys.verificationKey(header.kid);
    if (!key) throw BearerError.invalidToken('The token was signed by a key we do not know');
    if (header.alg !== key.algorithm) {
      throw BearerError.invalidToken(`The token's algorithm is not its key's (${key.algorithm})`);
    }
    return key;
  }

  /** The claims of a token whose signature and `iss`/`aud`/`exp` jsonwebtoken verified. */
  claimsOf(verified: Jwt): VerifiedToken {
    const { header } = verified;
    if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYP.test(header.typ)) {
      throw BearerError.invalidToken('The token is not an access token (typ must be at+jwt)');
    }
    const claims = verified.payload as JwtPayload;
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw BearerError.invalidToken('The access token has no subject');
    }
    if (typeof claims.client_id !== 'string' || claims.client_id === '') {
      throw BearerError.invalidToken('The access token names no client (client_id)');
    }
    if (typeof claims.exp !== 'number') {
      throw BearerError.invalidToken('The access token has no expiry');
    }
    if (typeof claims.iat !== 'number') {
      throw BearerError.invalidToken('The access token has no issue time');
    }
    if (typeof claims.jti !== 'string' || claims.jti === '') {
      throw BearerError.invalidToken('The access token has no identifier');
    }
    const scope: unknown = claims.scope ?? '';
    if (typeof scope !== 'string') {
      throw BearerError.invalidToken('The scope claim must be a space-separated string');
    }
    return {
      kid: header.kid!,
      sub: claims.sub,
      clientId: claims.client_id,
      scopes: scope.split(' ').filter(Boolean),
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
      claims: Object.freeze({ ...claims }),
    };
  }

  /**
   * The claims of `rawToken` if it is an unexpired access token of the issuer, else null: what
   * `/revoke` and `/introspect` are given is anyone's string, never an error. A token verified
   * before comes from the cache.
   */
  async verify(rawToken: string): Promise<VerifiedToken | null> {
    const cached = this.verified.get(rawToken);
    if (cached) return cached;
    // Access tokens are three base64url parts; anything else is not worth a key lookup.
    if (rawToken.length > MAX_TOKEN_LENGTH || rawToken.split('.').length !== 3) return null;
    try {
      const key = await this.keyFor(rawToken);
      const claims = this.claimsOf(
        verify(rawToken, key.publicKey, {
          issuer: this.claimChecks.issuer,
          audience: audienceOption(this.claimChecks.audience),
          clockTolerance: this.claimChecks.clockTolerance,
          algorithms: [key.algorithm as (typeof ASYMMETRIC_ALGORITHMS)[number]],
          complete: true,
        }),
      );
      this.verified.set(rawToken, claims);
      return claims;
    } catch {
      return null;
    }
  }
}

/** jsonwebtoken's `audience` option: one value, or any of several. */
export function audienceOption(
  audience: string | readonly string[],
): string | [string, ...string[]] {
  return typeof audience === 'string' ? audience : ([...audience] as [string, ...string[]]);
}

/** The token's header, refused before any key is looked up if Scopegate never issues it. */
function headerOf(rawToken: string): { kid: string; alg: string } {
  const decoded = decode(rawToken, { complete: true });
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
