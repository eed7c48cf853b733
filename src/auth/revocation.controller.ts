import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ClientErrorsAs } from '../core/client-errors.decorator';
import { Public } from '../core/public.decorator';
import { RevokedTokens } from '../sessions/revoked-tokens';
import { SessionsService } from '../sessions/sessions.service';
import { ClientAuthentication } from './client-authentication';
import { oauth2Form } from './oauth2-form';
import { ApiRevocation } from './token-endpoint.docs';
import { TokenLookup } from './token-lookup';
import { tokenRequestError } from './token-request';

/**
 * `POST /revoke` (RFC 7009). The client authenticates as at `/token` (no credentials: the
 * built-in public client) and may revoke only its own tokens: a refresh token ends its whole
 * session, an access token is refused from the next request on. The answer is the same 200
 * whether the token was the caller's, valid, expired or garbage, so it tells a caller nothing.
 */
@ApiTags('auth')
@Controller()
export class RevocationController {
  constructor(
    private readonly clients: ClientAuthentication,
    private readonly lookup: TokenLookup,
    private readonly revocations: RevokedTokens,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('revoke')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ClientErrorsAs(tokenRequestError)
  @ApiRevocation()
  async revoke(@Req() request: FastifyRequest): Promise<void> {
    const form = oauth2Form(request.headers['content-type'], request.body, request.query);
    const token = form.required('token');
    const hint = form.optional('token_type_hint');
    const client = await this.clients.authenticate(request.headers.authorization, form);
    const found = await this.lookup.find(token, hint);
    if (found?.kind === 'access_token' && found.token.clientId === client.clientId) {
      await this.revocations.revoke(found.token.jti, new Date(found.token.exp * 1000));
    }
    if (found?.kind === 'refresh_token' && found.token.session.clientId === client.clientId) {
      await this.sessions.revoke(found.token.session.id);
    }
  }
}
