import { Controller, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FormEndpoint } from '../common/form-endpoint';
import type { TokenResponse } from '../common/token-signer';
import { ApiTokenEndpoint } from './token.docs';
import {
  GrantAllowedGuard,
  TokenRequestGuard,
  type TokenEndpointRequest,
} from './token-request.guard';
import { TokenThrottlerGuard } from '../common/token-throttler.guard';

/** The OAuth2 token endpoint: one handler per grant type (`grants/*.grant.ts`). */
@ApiTags('auth')
@Controller()
export class TokenController {
  /**
   * Issues an access token with the requested scopes that the user (or client) may hold; the
   * response's `scope` says which were granted.
   */
  @FormEndpoint('token', {
    // Counted before anything else, so malformed requests use up the budget too.
    before: [TokenThrottlerGuard, TokenRequestGuard],
    after: [GrantAllowedGuard],
  })
  @ApiTokenEndpoint()
  issue(@Req() request: TokenEndpointRequest): Promise<TokenResponse> {
    const { grant, requestedScopes } = request.tokenRequest!;
    return grant.issue({
      form: request.oauth2Form!,
      client: request.oauth2Client!.client,
      requestedScopes,
      user: request.user,
    });
  }
}
