import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Jwt, JwtPayload } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { BearerError } from '../core/errors/bearer-error';
import type { AuthenticatedRequest } from '../core/principal';
import { KeyStore } from '../keys/key-store';
import { verificationKeyFor } from './token-key';
import type { VerifiedToken } from './verified-token-cache';

/** A request whose `Authorization` header the guard has read. */
export type BearerRequest = AuthenticatedRequest & { bearerToken?: string; user?: unknown };

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/**
 * The bearer-token strategy (passport-jwt): the key is the published key named by the
 * token's `kid`, and only that key's algorithm is accepted (no HS/RS/ES confusion, no `none`).
 * jsonwebtoken then checks the signature, `iss`, `aud`, `exp` and `nbf`; `validate` checks what
 * it does not (`typ`, the presence and types of the claims). The user behind the token is
 * checked by the guard on every request, verified or cached.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(keys: KeyStore, @Inject(tokensConfig.KEY) config: TokensConfig) {
    super({
      // The guard has already read the Authorization header, once.
      jwtFromRequest: (request: BearerRequest) => request.bearerToken ?? null,
      secretOrKeyProvider: (
        _request: BearerRequest,
        rawJwtToken: string,
        done: (error: unknown, key?: string | Buffer) => void,
      ) => {
        try {
          const key = verificationKeyFor(rawJwtToken, keys);
          // passport-jwt's type says string | Buffer; jsonwebtoken takes the KeyObject as is.
          done(null, key.publicKey as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      algorithms: ['ES256', 'RS256'],
      issuer: config.issuer,
      audience: config.audience,
      jsonWebTokenOptions: { clockTolerance: config.clockToleranceSeconds, complete: true },
    });
  }

  /** The verified token's claims, checked for presence and type. */
  validate(verified: Jwt): VerifiedToken {
    return verifiedTokenOf(verified);
  }
}

/**
 * The claims of a token whose signature, `iss`, `aud` and `exp` jsonwebtoken has verified,
 * checked for what it does not check: `typ`, and the presence and types of the claims.
 */
export function verifiedTokenOf(verified: Jwt): VerifiedToken {
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
