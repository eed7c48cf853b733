import { Injectable } from '@nestjs/common';
import { BearerError, ScopeCatalog, type VerifiedToken } from '@scopegate/resource-server';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import type { Principal } from '../core/principal';
import { RevokedTokens } from '../sessions/revoked-tokens';
import { mayStillUse } from '../users/user-liveness';
import { UserCache } from '../users/user-cache';

/**
 * A client's own token (client credentials) names the client as its subject (RFC 9068 §2.2).
 * A user's id is a UUID and a client id may not be one, so the two cannot be confused.
 */
export function isClientsOwn(token: VerifiedToken): boolean {
  return token.sub === token.clientId;
}

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
    const facts = { clientId: client.clientId, grantedScopes: token.scopes, tokenId: token.jti };
    if (isClientsOwn(token)) {
      this.assertNotRevoked(token);
      return {
        kind: 'client',
        ...facts,
        effectiveScopes: this.effectiveScopes(client, client, token.scopes),
      };
    }
    const user = await this.users.get(token.sub);
    switch (mayStillUse(user, new Date(token.iat * 1000))) {
      case 'gone':
        throw BearerError.invalidToken('The user of this token does not exist or is disabled');
      case 'password-changed':
        throw BearerError.invalidToken('The password was changed after this token was issued');
    }
    // After the user checks: a token revoked because its user was disabled says so.
    this.assertNotRevoked(token);
    return {
      kind: 'user',
      user: user!,
      ...facts,
      effectiveScopes: this.effectiveScopes(user!, client, token.scopes),
    };
  }

  private assertNotRevoked(token: VerifiedToken): void {
    if (this.revocations.isRevoked(token.jti)) {
      throw BearerError.invalidToken('The access token was revoked');
    }
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
      // A client's own token holds its scopes; a user's token also what every user holds.
      const own = subject === client;
      const byUser = own
        ? this.catalog.expand(subject.scopes)
        : this.catalog.expandForUser(subject.scopes);
      const byClient = own ? byUser : this.catalog.expandForUser(client.scopes);
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
