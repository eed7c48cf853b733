import { Injectable } from '@nestjs/common';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { BearerError } from '../core/errors/bearer-error';
import type { Principal, PrincipalUser } from '../core/principal';
import { ScopeCatalog } from '../scopes/scope-catalog';
import { RevokedTokens } from '../sessions/revoked-tokens';
import { earliestIssueTime } from '../users/password-change';
import { UserCache } from '../users/user-cache';
import type { VerifiedToken } from './verified-token-cache';

/** Distinct granted-scope sets remembered per user row. */
const MAX_GRANTS_PER_USER = 64;

/**
 * Turns a verified token into the request's `Principal`, checking on every request what may
 * change during a token's life: it has not been revoked, its client still exists and is
 * enabled, its user still exists, is enabled and has not changed password since the token was
 * issued, and which of the scopes it grants the user and the client may still hold.
 */
@Injectable()
export class TokenPrincipals {
  /**
   * Effective scopes by subject row, client and granted scopes: the caches hand out the same
   * row until it changes, so a repeat costs a lookup instead of implication expansions.
   */
  private readonly effective = new WeakMap<object, Map<string, ReadonlySet<string>>>();

  constructor(
    private readonly users: UserCache,
    private readonly clients: ClientsService,
    private readonly catalog: ScopeCatalog,
    private readonly revocations: RevokedTokens,
  ) {}

  async of(token: VerifiedToken): Promise<Principal> {
    const client = await this.clients.find(token.clientId);
    if (!client || client.disabled) {
      throw BearerError.invalidToken('The client of this token does not exist or is disabled');
    }
    if (token.sub === token.clientId) {
      this.assertNotRevoked(token);
      return this.clientPrincipal(token, client);
    }
    const user = await this.users.get(token.sub);
    if (!user || user.disabled) {
      throw BearerError.invalidToken('The user of this token does not exist or is disabled');
    }
    if (token.iat < earliestIssueTime(user)) {
      throw BearerError.invalidToken('The password was changed after this token was issued');
    }
    // After the user checks: a token revoked because its user was disabled says so.
    this.assertNotRevoked(token);
    return {
      subject: 'user',
      user,
      clientId: client.clientId,
      grantedScopes: token.scopes,
      effectiveScopes: this.effectiveScopes(user, client, token.scopes),
      tokenId: token.jti,
    };
  }

  private assertNotRevoked(token: VerifiedToken): void {
    if (this.revocations.isRevoked(token.jti)) {
      throw BearerError.invalidToken('The access token was revoked');
    }
  }

  /** A client's own token (client credentials): the client is the subject. */
  private clientPrincipal(token: VerifiedToken, client: Client): Principal {
    const subject: PrincipalUser = {
      id: client.clientId,
      username: client.clientId,
      disabled: client.disabled,
      scopes: client.scopes,
    };
    return {
      subject: 'client',
      user: subject,
      clientId: client.clientId,
      grantedScopes: token.scopes,
      effectiveScopes: this.effectiveScopes(client, client, token.scopes),
      tokenId: token.jti,
    };
  }

  /**
   * What `granted` lets the caller do now: its implications, limited to what the subject and
   * the client may hold.
   */
  private effectiveScopes(
    subject: object & { scopes: readonly string[] },
    client: Client,
    granted: readonly string[],
  ): ReadonlySet<string> {
    let byGrant = this.effective.get(subject);
    if (!byGrant) {
      byGrant = new Map();
      this.effective.set(subject, byGrant);
    }
    const key = `${client.clientId} ${client.updatedAt.getTime()} ${granted.join(' ')}`;
    let scopes = byGrant.get(key);
    if (!scopes) {
      const byUser = this.catalog.expand(subject.scopes);
      const byClient = subject === client ? byUser : this.catalog.expand(client.scopes);
      scopes = new Set(
        [...this.catalog.expand(granted)].filter((name) => byUser.has(name) && byClient.has(name)),
      );
      // A user holds few distinct grants; a flood of them only resets this user's memo.
      if (byGrant.size >= MAX_GRANTS_PER_USER) byGrant.clear();
      byGrant.set(key, scopes);
    }
    return scopes;
  }
}
