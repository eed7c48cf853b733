import { Inject, Injectable } from '@nestjs/common';
import { verify, type Jwt, type JwtPayload } from 'jsonwebtoken';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { BearerError } from '../core/errors/bearer-error';
import { KeyStore, type VerificationKey } from '../keys/key-store';
import { verificationKeyFor } from './token-key';
import { VerifiedTokenCache } from './verified-token-cache';

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
}

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/** Longest token looked at; ours are far shorter. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * The one definition of a valid access token (RFC 9068): signed by the published key its `kid`
 * names, with that key's algorithm only; `iss`, `aud`, `exp` and `nbf` with a small clock skew
 * (checked by jsonwebtoken); `typ: at+jwt` and the claims every request needs (checked here).
 * The bearer strategy (passport-jwt) is configured from it for protected routes, and `/revoke`
 * and `/introspect` call `verify` on the tokens they are given. Whether the token's user and
 * client may still use it is `TokenPrincipals`' concern, on every request.
 */
@Injectable()
export class AccessTokenVerifier {
  /** jsonwebtoken's checks besides the key and its algorithm. */
  readonly claimChecks: {
    readonly issuer: string;
    readonly audience: string;
    readonly clockTolerance: number;
  };

  constructor(
    private readonly keys: KeyStore,
    private readonly verified: VerifiedTokenCache,
    @Inject(tokensConfig.KEY) config: TokensConfig,
  ) {
    this.claimChecks = Object.freeze({
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
    });
  }

  /**
   * The published key that must have signed `rawToken`; throws `invalid_token` for a token
   * that names none we publish, another algorithm than its key's, or a header we never issue.
   */
  keyFor(rawToken: string): VerificationKey {
    return verificationKeyFor(rawToken, this.keys);
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
    if (typeof claims.jti !== 'string') {
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
    };
  }

  /**
   * The claims of `rawToken` if it is an unexpired access token we signed, else null: what
   * `/revoke` and `/introspect` are given is anyone's string, never an error. A token verified
   * before (here or on a protected route) comes from the `VerifiedTokenCache`: a resource
   * server introspecting the same token on every request costs one signature check.
   */
  verify(rawToken: string): VerifiedToken | null {
    const cached = this.verified.get(rawToken);
    if (cached) return cached;
    // Ours are three base64url parts; anything else is not worth a key lookup.
    if (rawToken.length > MAX_TOKEN_LENGTH || rawToken.split('.').length !== 3) return null;
    try {
      const key = this.keyFor(rawToken);
      const claims = this.claimsOf(
        verify(rawToken, key.publicKey, {
          ...this.claimChecks,
          algorithms: [key.algorithm],
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
