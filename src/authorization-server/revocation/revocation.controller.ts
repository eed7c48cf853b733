import { Controller, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RevokedTokens } from '../../sessions/revoked-tokens';
import { SessionsService } from '../../sessions/sessions.service';
import { FormEndpoint, type FormEndpointRequest } from '../common/form-endpoint';
import { TokenLookup } from '../common/token-lookup';
import { ApiRevocation } from './revocation.docs';

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
    private readonly lookup: TokenLookup,
    private readonly revocations: RevokedTokens,
    private readonly sessions: SessionsService,
  ) {}

  @FormEndpoint('revoke', { required: ['token'] })
  @ApiRevocation()
  async revoke(@Req() request: FormEndpointRequest): Promise<void> {
    const form = request.oauth2Form!;
    const { client } = request.oauth2Client!;
    const found = await this.lookup.find(form.required('token'), form.optional('token_type_hint'));
    if (found?.kind === 'access_token' && found.token.clientId === client.clientId) {
      await this.revocations.revoke(found.token.jti, new Date(found.token.exp * 1000));
    }
    if (found?.kind === 'refresh_token' && found.token.session.clientId === client.clientId) {
      await this.sessions.revoke(found.token.session.id);
    }
  }
}
