import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { KeyStore } from '../../keys/key-store';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The body of a successful `POST /token` (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  /** OpenID Connect: for a sign-in that asked for `openid`. */
  id_token?: string;
}

/** A signed access token, and what its session must remember of it. */
export interface SignedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: Date;
  readonly scope: string;
}

/**
 * Issues RFC 9068 access tokens, signed (`@nestjs/jwt`) by the key that signs now; the header
 * names it (`kid`). They are verified by `JwtStrategy`.
 */
@Injectable()
export class TokenSigner {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: KeyStore,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  /**
   * An access token for `subject` (a user's id, or the client's own id for
   * `client_credentials`), requested through `clientId`, granting `scopes`. Its `iat` is the
   * current second, or `earliestIat` if that is later (a password changed this very second:
   * see `earliestIssueTime`).
   */
  async sign(
    subject: string,
    clientId: string,
    scopes: readonly string[],
    earliestIat = 0,
  ): Promise<SignedAccessToken> {
    const scope = scopes.join(' ');
    const key = this.keys.current();
    const jti = randomUUID();
    const iat = Math.max(Math.floor(Date.now() / 1000), earliestIat);
    const token = await this.jwt.signAsync(
      { scope, client_id: clientId, iat },
      {
        privateKey: key.privateKey,
        algorithm: key.algorithm,
        header: { alg: key.algorithm, typ: ACCESS_TOKEN_TYPE, kid: key.kid },
        subject,
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.accessTokenTtlSeconds,
        jwtid: jti,
      },
    );
    const expiresAt = new Date((iat + this.config.accessTokenTtlSeconds) * 1000);
    return { token, jti, expiresAt, scope };
  }

  /** The token endpoint's answer for this access token and, when there are, the others. */
  response(access: SignedAccessToken, refreshToken?: string, idToken?: string): TokenResponse {
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: this.config.accessTokenTtlSeconds,
      scope: access.scope,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(idToken === undefined ? {} : { id_token: idToken }),
    };
  }
}
