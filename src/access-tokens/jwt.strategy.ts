import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Jwt } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import type { AuthenticatedRequest } from '../core/principal';
import { AccessTokenVerifier, type VerifiedToken } from './access-token-verifier';

/** A request whose `Authorization` header the guard has read. */
export type BearerRequest = AuthenticatedRequest & { bearerToken?: string; user?: unknown };

/**
 * The bearer-token strategy (passport-jwt), configured from the `AccessTokenVerifier`: the key
 * is the published key named by the token's `kid`, and only that key's algorithm is accepted
 * (no HS/RS/ES confusion, no `none`). jsonwebtoken then checks the signature, `iss`, `aud`,
 * `exp` and `nbf`; `validate` checks the rest. The user behind the token is checked by the
 * guard on every request, verified or cached.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super({
      // The guard has already read the Authorization header, once.
      jwtFromRequest: (request: BearerRequest) => request.bearerToken ?? null,
      secretOrKeyProvider: (
        _request: BearerRequest,
        rawJwtToken: string,
        done: (error: unknown, key?: string | Buffer) => void,
      ) => {
        try {
          // passport-jwt's type says string | Buffer; jsonwebtoken takes the KeyObject as is.
          done(null, verifier.keyFor(rawJwtToken).publicKey as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      // keyFor has already refused any other algorithm than the key's own.
      algorithms: ['ES256', 'RS256'],
      issuer: verifier.claimChecks.issuer,
      audience: verifier.claimChecks.audience,
      jsonWebTokenOptions: { clockTolerance: verifier.claimChecks.clockTolerance, complete: true },
    });
  }

  /** The verified token's claims, checked for presence and type. */
  validate(verified: Jwt): VerifiedToken {
    return this.verifier.claimsOf(verified);
  }
}
