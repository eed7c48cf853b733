import { Inject, Injectable } from '@nestjs/common';
import { verify, type JwtPayload, type VerifyOptions } from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { UserCache } from '../users/user-cache';
import { BearerError } from '../core/errors/bearer-error';
import type { Principal } from '../core/principal';
import { SIGNING_KEY } from './signing-key';
import { ACCESS_TOKEN_ALGORITHM } from './token.service';

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/**
 * JOSE header parameters that point at a key (`kid`, `jku`, `jwk`, `x5u`, `x5c`, `x5t`) or
 * demand extensions (`crit`). We never issue them, and the key is fixed by configuration, so
 * their presence means the token was not made here: it is refused, and nothing they name is
 * ever fetched or used.
 */
const FOREIGN_HEADER_PARAMETERS = ['kid', 'jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'];

/**
 * Verifies access tokens: signature with the pinned algorithm, `iss`, `aud`, `exp` and `nbf`
 * (jsonwebtoken), then what jsonwebtoken does not check: `typ: at+jwt`, the presence and
 * types of the claims, and that the user still exists and is enabled.
 *
 * Called directly by `JwtAuthGuard`: passport's per-request machinery around a strategy
 * showed as a large share of a guarded route's cost in `npm run bench`.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly options: VerifyOptions & { complete: true };

  constructor(
    // jsonwebtoken rebuilds a string secret on every verify; a KeyObject is used as is.
    @Inject(SIGNING_KEY) private readonly key: KeyObject,
    @Inject(tokensConfig.KEY) config: TokensConfig,
    private readonly userCache: UserCache,
    private readonly catalog: ScopeCatalog,
  ) {
    this.options = {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
      complete: true,
    };
  }

  /**
   * The caller behind `token`. Throws jsonwebtoken's errors for a bad signature or claim it
   * checks, and a `BearerError` for everything else wrong with the token or its user.
   */
  async verify(token: string): Promise<Principal> {
    const { header, payload } = verify(token, this.key, this.options);
    if (FOREIGN_HEADER_PARAMETERS.some((name) => Object.hasOwn(header, name))) {
      throw BearerError.invalidToken('The token header names a key or an extension we do not use');
    }
    if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYP.test(header.typ)) {
      throw BearerError.invalidToken('The token is not an access token (typ must be at+jwt)');
    }
    const claims = payload as JwtPayload;
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw BearerError.invalidToken('The access token has no subject');
    }
    if (typeof claims.exp !== 'number') {
      throw BearerError.invalidToken('The access token has no expiry');
    }
    if (typeof claims.jti !== 'string') {
      throw BearerError.invalidToken('The access token has no identifier');
    }
    const scope: unknown = claims.scope ?? '';
    if (typeof scope !== 'string') {
      throw BearerError.invalidToken('The scope claim must be a space-separated string');
    }
    const user = await this.userCache.get(claims.sub);
    if (!user || user.disabled) {
      throw BearerError.invalidToken('The user of this token does not exist or is disabled');
    }
    const grantedScopes = scope.split(' ').filter(Boolean);
    const holdable = this.catalog.expand(user.scopes);
    const effectiveScopes = new Set(
      [...this.catalog.expand(grantedScopes)].filter((name) => holdable.has(name)),
    );
    return { user, grantedScopes, effectiveScopes, tokenId: claims.jti };
  }
}
