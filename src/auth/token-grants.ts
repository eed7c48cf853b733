import { Injectable } from '@nestjs/common';
import type { Client } from '../clients/client.entity';
import { OAuth2Error } from '../core/errors/oauth2-error';
import { ScopeCatalog } from '../scopes/scope-catalog';
import type { SessionRecord } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';
import { earliestIssueTime } from '../users/password-change';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { grantScopes } from './grant-policy';
import { TokenService, type TokenResponse } from './token.service';

const INVALID_REFRESH_TOKEN = 'The refresh token is invalid, expired or revoked';

/**
 * The three grants of `POST /token` once the request and its client are authenticated:
 * password (RFC 6749 §4.3), client credentials (§4.4) and refresh (§6, DESIGN §9).
 */
@Injectable()
export class TokenGrants {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalog: ScopeCatalog,
  ) {}

  /**
   * The requested scopes that both the user and the client may hold (none requested: none);
   * a refresh token too when the client may use it.
   */
  async password(user: User, client: Client, requested?: string[]): Promise<TokenResponse> {
    const scopes = this.grantable(requested ?? [], user, client);
    const access = await this.tokens.sign(
      user.id,
      client.clientId,
      scopes,
      earliestIssueTime(user),
    );
    if (!client.grantTypes.includes('refresh_token')) return this.tokens.response(access);
    const refreshToken = await this.sessions.start(user.id, client.clientId, scopes, access);
    return this.tokens.response(access, refreshToken);
  }

  /**
   * A token for the client itself (`sub` = its id), never a refresh token. No scope requested:
   * every scope the client may hold; one it may not hold is `invalid_scope`.
   */
  async clientCredentials(client: Client, requested?: string[]): Promise<TokenResponse> {
    const holdable = this.catalog.expand(client.scopes);
    const refused = (requested ?? []).filter((scope) => !holdable.has(scope));
    if (refused.length > 0) {
      throw OAuth2Error.invalidScope(`This client may not be granted: ${refused.join(' ')}`);
    }
    const access = await this.tokens.sign(
      client.clientId,
      client.clientId,
      requested ?? client.scopes,
    );
    return this.tokens.response(access);
  }

  /**
   * Rotates a refresh token: a new access token and a new refresh token in the same session.
   * Another client's token, a revoked, expired or unknown one is `invalid_grant`; a consumed
   * one is reuse, which ends the session (outside the grace period).
   */
  async refresh(client: Client, token: string, requested?: string[]): Promise<TokenResponse> {
    const found = await this.sessions.find(token);
    if (!found || !this.sessions.isLive(found)) {
      throw OAuth2Error.invalidGrant(INVALID_REFRESH_TOKEN);
    }
    const { session } = found;
    if (session.clientId !== client.clientId) {
      throw OAuth2Error.invalidGrant('The refresh token was issued to another client');
    }
    const outside = (requested ?? []).filter((scope) => !session.scope.includes(scope));
    if (outside.length > 0) {
      throw OAuth2Error.invalidScope(
        `Not granted at login, so not refreshable: ${outside.join(' ')}`,
      );
    }
    const redemption = await this.sessions.redeem(found);
    if (redemption === 'reused') {
      throw OAuth2Error.invalidGrant('The refresh token was already used; the session is ended');
    }
    const user = await this.sessionUser(session);
    if (!user) {
      await this.sessions.revoke(session.id);
      throw OAuth2Error.invalidGrant(INVALID_REFRESH_TOKEN);
    }
    const scopes = this.grantable(requested ?? session.scope, user, client);
    const access = await this.tokens.sign(
      user.id,
      client.clientId,
      scopes,
      earliestIssueTime(user),
    );
    return this.tokens.response(access, await this.sessions.continue(session, access));
  }

  /**
   * The session's user, if it may still use the session: it exists, is enabled, and has not
   * changed password since the login.
   */
  async sessionUser(session: SessionRecord): Promise<User | null> {
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) return null;
    if (user.passwordChangedAt && user.passwordChangedAt > session.createdAt) return null;
    return user;
  }

  /** Requested ∩ what the user may hold now ∩ what the client may be granted. */
  private grantable(requested: readonly string[], user: User, client: Client): string[] {
    return grantScopes(
      grantScopes(requested, user.scopes, this.catalog),
      client.scopes,
      this.catalog,
    );
  }
}
