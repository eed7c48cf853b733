import { Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClientErrorsAs } from '../core/client-errors.decorator';
import { Public } from '../core/public.decorator';
import { ApiTokenEndpoint } from './token-endpoint.docs';
import { TokenGrants } from './token-grants';
import { tokenRequestError } from './token-request';
import { TokenRequestGuard, type AuthenticatedTokenRequest } from './token-request.guard';
import { TokenThrottlerGuard } from './token-throttler.guard';
import type { TokenResponse } from './token.service';

/** The OAuth2 token endpoint: password, client-credentials and refresh-token grants. */
@ApiTags('auth')
@Controller()
export class TokenController {
  constructor(private readonly grants: TokenGrants) {}

  /**
   * Issues an access token with the requested scopes that the user (or client) may hold; the
   * response's `scope` says which were granted.
   */
  @Public()
  @Post('token')
  @HttpCode(200)
  // Counted before anything else, so malformed requests use up the budget too.
  @UseGuards(TokenThrottlerGuard, TokenRequestGuard)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ClientErrorsAs(tokenRequestError)
  @ApiTokenEndpoint()
  issue(@Req() request: AuthenticatedTokenRequest): Promise<TokenResponse> {
    const { grantType, client, form, requestedScopes } = request.tokenRequest;
    switch (grantType) {
      case 'password':
        return this.grants.password(request.user!, client, requestedScopes);
      case 'client_credentials':
        return this.grants.clientCredentials(client, requestedScopes);
      case 'refresh_token':
        return this.grants.refresh(client, form.required('refresh_token'), requestedScopes);
    }
  }
}
