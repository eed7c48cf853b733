import { Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClientErrorsAs } from '../core/client-errors.decorator';
import { Public } from '../core/public.decorator';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { grantScopes } from './grant-policy';
import { PasswordGrantGuard, type PasswordGrantRequest } from './password-grant.guard';
import { ApiPasswordGrant } from './token-endpoint.docs';
import { tokenRequestError } from './token-request';
import { TokenThrottlerGuard } from './token-throttler.guard';
import { TokenService, type TokenResponse } from './token.service';

/** The OAuth2 token endpoint (password grant). */
@ApiTags('auth')
@Controller()
export class TokenController {
  constructor(
    private readonly tokens: TokenService,
    private readonly catalog: ScopeCatalog,
  ) {}

  /**
   * Issues an access token with the requested scopes that the user may hold; the response's
   * `scope` says which were granted.
   */
  @Public()
  @Post('token')
  @HttpCode(200)
  // Counted before anything else, so malformed requests use up the budget too.
  @UseGuards(TokenThrottlerGuard, PasswordGrantGuard)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ClientErrorsAs(tokenRequestError)
  @ApiPasswordGrant()
  issue(@Req() request: PasswordGrantRequest): Promise<TokenResponse> {
    const { user, requestedScopes } = request;
    return this.tokens.issue(user, grantScopes(requestedScopes, user.scopes, this.catalog));
  }
}
