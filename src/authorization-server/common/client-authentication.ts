import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuth2Error } from '../../core/errors/oauth2-error';
import { AccountLockout } from './account-lockout';
import type { OAuth2Form } from './oauth2-form';
import { tokenErrorOf } from './token-errors';

/** Longest client secret checked (ours are 43 characters); longer ones are simply wrong. */
const MAX_SECRET_LENGTH = 256;

/** The credentials a request carried, by `client_secret_basic` or `client_secret_post`. */
interface ClientCredentials {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly basic: boolean;
}

/**
 * Client authentication at `/token`, `/revoke` and `/introspect` (RFC 6749 §2.3; docs/http-contract.md, Clients):
 * HTTP Basic or the form's `client_id` + `client_secret`, never both; no credentials at all
 * mean the built-in public client. Every secret check costs one digest comparison, also for
 * an unknown client, and failures count per `client_id` like a user's wrong passwords.
 */
@Injectable()
export class ClientAuthentication {
  constructor(
    private readonly clients: ClientsService,
    private readonly lockout: AccountLockout,
  ) {}

  /**
   * The authenticated client, or an `invalid_request` / `invalid_client` error (503
   * `temporarily_unavailable` when a secret cannot be checked now).
   */
  async authenticate(authorization: string | undefined, form: OAuth2Form): Promise<Client> {
    try {
      return await this.check(authorization, form);
    } catch (error) {
      throw tokenErrorOf(error);
    }
  }

  private async check(authorization: string | undefined, form: OAuth2Form): Promise<Client> {
    const credentials = credentialsOf(authorization, form);
    if (!credentials) return this.clients.publicClient;
    const refuse = () => OAuth2Error.invalidClient(credentials.basic);
    const { clientId, secret } = credentials;
    if (secret === undefined) {
      // A public client names itself; a confidential one must prove who it is.
      const client = await this.clients.find(clientId);
      if (!client || client.type !== 'public' || client.disabled) throw refuse();
      return client;
    }
    const lockKey = `client:${clientId}`;
    if (await this.lockout.isLocked(lockKey)) {
      await this.clients.refuseWithoutChecking(secret);
      throw refuse();
    }
    const client = await this.clients.find(clientId);
    const checked = await this.clients.verifySecret(
      client?.type === 'confidential' ? client : null,
      secret.slice(0, MAX_SECRET_LENGTH),
    );
    if (!checked || !client || secret.length > MAX_SECRET_LENGTH) {
      await this.lockout.recordFailure(lockKey);
      throw refuse();
    }
    await this.lockout.recordSuccess(lockKey);
    if (client.disabled) throw refuse();
    return client;
  }
}

/**
 * The client credentials of a request; null when it sent none. An empty secret is no secret (a
 * public client naming itself), and Basic credentials that are both empty (`Basic Og==`, what
 * Swagger UI sends when its client fields are left blank) are no credentials.
 */
function credentialsOf(
  authorization: string | undefined,
  form: OAuth2Form,
): ClientCredentials | null {
  const formId = form.optional('client_id') || undefined;
  const formSecret = form.optional('client_secret') || undefined;
  const basic = basicCredentialsOf(authorization);
  if (basic) {
    if (formSecret !== undefined || (formId !== undefined && formId !== basic.clientId)) {
      throw OAuth2Error.invalidRequest(
        'Use one client authentication method: HTTP Basic or client_id and client_secret in the form, not both',
      );
    }
    return basic;
  }
  if (formSecret !== undefined && formId === undefined) {
    throw OAuth2Error.invalidRequest('client_secret was sent without client_id');
  }
  if (formId === undefined) return null;
  return { clientId: formId, secret: formSecret, basic: false };
}

/** Did the request try HTTP Basic (so that an `invalid_client` answer carries its challenge)? */
export function triesBasic(authorization: string | undefined): boolean {
  return authorization !== undefined && /^basic\b/i.test(authorization);
}

/**
 * `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1); null when
 * another scheme or none was sent. Malformed Basic credentials are `invalid_client`.
 */
function basicCredentialsOf(authorization: string | undefined): ClientCredentials | null {
  if (!authorization) return null;
  const match = /^basic +(\S+) *$/i.exec(authorization);
  if (!match) {
    if (triesBasic(authorization)) throw OAuth2Error.invalidClient(true);
    return null;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  if (decoded === ':') return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw OAuth2Error.invalidClient(true);
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)) || undefined,
      basic: true,
    };
  } catch {
    throw OAuth2Error.invalidClient(true);
  }
}

/** application/x-www-form-urlencoded decoding, as RFC 6749 §2.3.1 asks for Basic credentials. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
