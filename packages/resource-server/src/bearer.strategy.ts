import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Jwt } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import {
  ASYMMETRIC_ALGORITHMS,
  AccessTokenVerifier,
  audienceOption,
  type VerifiedToken,
} from './access-token-verifier';

/** The name the strategy is registered under with passport. */
export const BEARER_STRATEGY = 'scopegate-bearer';

/** A request whose credentials the guard has read. */
export interface BearerRequest {
  /** The access token of the request, once the authentication guard has read it. */
  bearerToken?: string;
  user?: unknown;
}

/**
 * The bearer-token strategy (passport-jwt), configured from the `AccessTokenVerifier`: the key
 * is the published key named by the token's `kid`, and only that key's algorithm is accepted
 * (no HS/RS/ES confusion, no `none`). jsonwebtoken then checks the signature, `iss`, `aud`,
 * `exp` and `nbf`; `validate` checks the rest.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    const { issuer, audience, clockTolerance } = verifier.claimChecks;
    super({
      // The guard has already read the credentials, once.
      jwtFromRequest: (request: BearerRequest) => request.bearerToken ?? null,
      secretOrKeyProvider: (
        _request: BearerRequest,
        rawJwtToken: string,
        done: (error: unknown, key?: string | Buffer) => void,
      ) => {
        verifier.keyFor(rawJwtToken).then(
          // passport-jwt's type says string | Buffer; jsonwebtoken takes the KeyObject as is.
          (key) => done(null, key.publicKey as unknown as Buffer),
          (error: unknown) => done(error),
        );
      },
      // keyFor has already refused any other algorithm than the key's own.
      algorithms: [...ASYMMETRIC_ALGORITHMS],
      issuer,
      audience: audienceOption(audience),
      jsonWebTokenOptions: { clockTolerance, complete: true },
    });
  }

  /** The verified token's claims, checked for presence and type. */
  validate(verified: Jwt): VerifiedToken {
    return this.verifier.claimsOf(verified);
  }
}
