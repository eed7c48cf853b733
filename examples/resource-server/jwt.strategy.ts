import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { RESOURCE_SERVER_OPTIONS, type ResourceServerOptions } from './options';

/** What this service knows of its caller: Scopegate's `sub` and the granted scopes. */
export interface Caller {
  subject: string;
  scopes: string[];
}

/**
 * Verifies Scopegate's access tokens with nothing but its published keys: jwks-rsa fetches the
 * JWKS (cached, rate-limited) and picks the key named by the token's `kid`; passport-jwt checks
 * the signature, the algorithm, `iss`, `aud` and `exp`.
 */
@Injectable()
export class ScopegateJwtStrategy extends PassportStrategy(Strategy, 'scopegate') {
  constructor(@Inject(RESOURCE_SERVER_OPTIONS) options: ResourceServerOptions) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: passportJwtSecret({
        jwksUri: `${options.scopegateUrl}/.well-known/jwks.json`,
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 10,
      }),
      algorithms: ['ES256', 'RS256'],
      issuer: options.issuer,
      audience: options.audience,
    });
  }

  validate(payload: { sub: string; scope?: string }): Caller {
    return { subject: payload.sub, scopes: (payload.scope ?? '').split(' ').filter(Boolean) };
  }
}
