import { Injectable } from '@nestjs/common';
import { ScopeCatalog } from '@scopegate/resource-server';
import { SessionsService } from '../../../sessions/sessions.service';
import { earliestIssueTime } from '../../../users/user-liveness';
import type { TokenResponse } from '../../common/token-signer';
import { TokenSigner } from '../../common/token-signer';
import { grantableScopes } from '../../common/grant-policy';
import type { GrantHandler, GrantRequest } from '../../common/grant-handler';

/**
 * `grant_type=password` (RFC 6749 §4.3): the requested scopes that both the user and the client
 * may hold (none requested: none), and a refresh token when the client may use one.
 */
@Injectable()
export class PasswordGrant implements GrantHandler {
  readonly grantType = 'password';
  readonly requiredFields = ['username', 'password'];
  readonly checksPassword = true;

  constructor(
    private readonly tokens: TokenSigner,
    private readonly sessions: SessionsService,
    private readonly catalog: ScopeCatalog,
  ) {}

  async issue({ user, client, requestedScopes }: GrantRequest): Promise<TokenResponse> {
    const scopes = grantableScopes(requestedScopes ?? [], user!, client, this.catalog);
    const access = await this.tokens.sign(
      user!.id,
      client.clientId,
      scopes,
      earliestIssueTime(user!),
    );
    if (!client.grantTypes.includes('refresh_token')) return this.tokens.response(access);
    const { refreshToken } = await this.sessions.start(user!.id, client.clientId, scopes, access);
    return this.tokens.response(access, refreshToken);
  }
}
