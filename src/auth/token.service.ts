import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import type { PrincipalUser } from '../core/principal';
import { KeyStore } from '../keys/key-store';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The body of a successful `POST /token` (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

/**
 * Issues RFC 9068 access tokens, signed (`@nestjs/jwt`) by the key that signs now; the header
 * names it (`kid`). They are verified by `JwtStrategy`.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: KeyStore,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  async issue(user: PrincipalUser, scopes: readonly string[]): Promise<TokenResponse> {
    const scope = scopes.join(' ');
    const key = this.keys.current();
    const accessToken = await this.jwt.signAsync(
      // iat to the millisecond: a password changed within the same second as a login must not
      // leave the tokens issued before it valid (TokenPrincipals compares the two).
      { scope, iat: Date.now() / 1000 },
      {
        privateKey: key.privateKey,
        algorithm: key.algorithm,
        header: { alg: key.algorithm, typ: ACCESS_TOKEN_TYPE, kid: key.kid },
        subject: user.id,
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.accessTokenTtlSeconds,
        jwtid: randomUUID(),
      },
    );
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.config.accessTokenTtlSeconds,
      scope,
    };
  }
}
