import { Injectable } from '@nestjs/common';
import { ScopeCatalog } from '@scopegate/resource-server';
import { OAuth2Error } from '../../../core/errors/oauth2-error';
import { SessionsService } from '../../../sessions/sessions.service';
import { earliestIssueTime } from '../../../users/user-liveness';
import { UsersService } from '../../../users/users.service';
import { mayStillUse } from '../../../users/user-liveness';
import { IdTokens } from '../../common/id-tokens';
import type { TokenResponse } from '../../common/token-signer';
import { OPENID_SCOPE } from '../../common/openid.scopes';
import { TokenSigner } from '../../common/token-signer';
import { grantableScopes } from '../../common/grant-policy';
import type { GrantHandler, GrantRequest } from '../../common/grant-handler';

const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked';

/**
 * `grant_type=refresh_token` (RFC 6749 §6): rotates a refresh token, a new access token and a
 * new refresh token in the same session. Another client's token, a revoked, expired or unknown
 * one is `invalid_grant`; a consumed one is reuse, which ends the session (outside the grace
 * period). What the user may hold now still applies.
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  readonly requiredFields = ['refresh_token'];
  readonly checksPassword = false;

  constructor(
    private readonly tokens: TokenSigner,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalog: ScopeCatalog,
    private readonly idTokens: IdTokens,
  ) {}

  async issue({ form, client, requestedScopes }: GrantRequest): Promise<TokenResponse> {
    const found = await this.sessions.find(form.required('refresh_token'));
    if (!found || !this.sessions.isLive(found)) {
      throw OAuth2Error.invalidGrant(INVALID_REFRESH_TOKEN);
    }
    const { session } = found;
    if (session.clientId !== client.clientId) {
      throw OAuth2Error.invalidGrant('The refresh token was issued to another client');
    }
    const outside = (requestedScopes ?? []).filter((scope) => !session.scope.includes(scope));
    if (outside.length > 0) {
      throw OAuth2Error.invalidScope(
        `Not granted at login, so not refreshable: ${outside.join(' ')}`,
      );
    }
    const redemption = await this.sessions.redeem(found);
    if (redemption === 'reused') {
      throw OAuth2Error.invalidGrant('The refresh token was already used; the session is ended');
    }
    const user = await this.users.findById(session.userId);
    if (mayStillUse(user, session.createdAt) !== 'yes') {
      await this.sessions.revoke(session.id);
      throw OAuth2Error.invalidGrant(INVALID_REFRESH_TOKEN);
    }
    const scopes = grantableScopes(requestedScopes ?? session.scope, user!, client, this.catalog);
    const access = await this.tokens.sign(
      user!.id,
      client.clientId,
      scopes,
      earliestIssueTime(user!),
    );
    const refreshToken = await this.sessions.continue(session, access);
    // A session begun by an OpenID Connect sign-in gets a new ID token (no nonce).
    const idToken =
      session.authTime && session.browserSessionId && scopes.includes(OPENID_SCOPE)
        ? await this.idTokens.sign({
            userId: user!.id,
            client,
            authTime: session.authTime,
            sessionId: session.browserSessionId,
            accessToken: access.token,
          })
        : undefined;
    return this.tokens.response(access, refreshToken, idToken);
  }
}
