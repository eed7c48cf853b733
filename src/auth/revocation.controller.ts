import { Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { verify, type JwtPayload } from 'jsonwebtoken';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { ClientErrorsAs } from '../core/client-errors.decorator';
import { Public } from '../core/public.decorator';
import { KeyStore } from '../keys/key-store';
import { oauth2Form } from './oauth2-form';
import { RevokedTokens } from './revoked-tokens';
import { ApiRevocation } from './token-endpoint.docs';
import { verificationKeyFor } from './token-key';
import { tokenRequestError } from './token-request';

/**
 * `POST /revoke` (RFC 7009). Every request names no client yet, so it is the built-in
 * first-party client's: it may revoke any access token it holds. The answer is the same 200
 * whether the token was ours, valid, expired or garbage, so it tells a caller nothing.
 */
@ApiTags('auth')
@Controller()
export class RevocationController {
  constructor(
    private readonly keys: KeyStore,
    private readonly revocations: RevokedTokens,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  @Public()
  @Post('revoke')
  @HttpCode(200)
  @Header('Pragma', 'no-cache')
  @ClientErrorsAs(tokenRequestError)
  @ApiRevocation()
  async revoke(@Req() request: FastifyRequest): Promise<void> {
    const form = oauth2Form(request.headers['content-type'], request.body);
    const token = form.required('token');
    // The hint only says where to look first; there is one kind of token to look in so far.
    form.optional('token_type_hint');
    const claims = this.accessTokenClaims(token);
    if (claims) await this.revocations.revoke(claims.jti, new Date(claims.exp * 1000));
  }

  /** The claims of an unexpired access token we signed, or null for anything else. */
  private accessTokenClaims(token: string): { jti: string; exp: number } | null {
    try {
      const key = verificationKeyFor(token, this.keys);
      const claims = verify(token, key.publicKey, {
        algorithms: [key.algorithm],
        issuer: this.config.issuer,
        audience: this.config.audience,
      }) as JwtPayload;
      if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') return null;
      return { jti: claims.jti, exp: claims.exp };
    } catch {
      return null;
    }
  }
}
