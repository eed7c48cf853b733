import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import type { User } from '../users/user.entity';
import { SIGNING_KEY } from './signing-key';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The body of a successful `POST /token` (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

/** Issues RFC 9068 access tokens. Their verification lives in `AccessTokenVerifier`. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(SIGNING_KEY) private readonly key: KeyObject,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  async issue(user: User, scopes: readonly string[]): Promise<TokenResponse> {
    const scope = scopes.join(' ');
    const accessToken = await this.jwt.signAsync(
      { scope },
      {
        privateKey: this.key,
        algorithm: ACCESS_TOKEN_ALGORITHM,
        header: { alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE },
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
