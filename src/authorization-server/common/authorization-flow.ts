import { Inject, Injectable } from '@nestjs/common';
import { ScopeCatalog } from '@scopegate/resource-server';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { ConsentsService } from '../../consents/consents.service';
import type { BrowserSessionRecord } from '../../sessions/browser-session.entity';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { mayStillUse } from '../../users/user-liveness';
import { grantableScopes } from './grant-policy';
import type { AuthorizationRequestRecord } from './authorization-request.entity';
import { AuthorizationCodes } from './authorization-codes';
import { AuthorizationRequests } from './authorization-requests';
import { PageError } from './page-error';

/** The login and consent pages' paths (the request id travels in `request_id`). */
export const LOGIN_PATH = '/login';
export const CONSENT_PATH = '/consent';

/** An error sent back to the client (RFC 6749 §4.1.2.1), with `iss` (RFC 9207). */
export interface AuthorizationErrorCode {
  readonly error: string;
  readonly description: string;
}

/** A signed-in user as the flow sees them: the browser session and its (live) user. */
export interface SignedIn {
  readonly session: BrowserSessionRecord;
  readonly user: User;
}

/**
 * Where an authorization request goes next, wherever it stands (just validated by
 * `/authorize`, after the login page, after the consent page): the login page, the consent
 * page, or back to the client with a code or an error. The one place that decides it.
 */
@Injectable()
export class AuthorizationFlow {
  constructor(
    private readonly requests: AuthorizationRequests,
    private readonly codes: AuthorizationCodes,
    private readonly consents: ConsentsService,
    private readonly clients: ClientsService,
    private readonly users: UsersService,
    private readonly catalog: ScopeCatalog,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
  ) {}

  /** The live user of a browser session, or null (ended meanwhile, disabled, password changed). */
  async signedIn(session: BrowserSessionRecord | null): Promise<SignedIn | null> {
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    return mayStillUse(user, session.createdAt) === 'yes' ? { session, user: user! } : null;
  }

  /** The request's client, still allowed the code flow; otherwise the request cannot go on. */
  async clientOf(request: AuthorizationRequestRecord): Promise<Client> {
    const client = await this.clients.find(request.clientId);
    if (!client || client.disabled || !client.grantTypes.includes('authorization_code')) {
      throw PageError.badRequest('The application is not allowed to sign users in any more.');
    }
    return client;
  }

  /** The scopes this user would grant the client: requested ∩ the user's ∩ the client's. */
  scopesFor(request: AuthorizationRequestRecord, user: User, client: Client): string[] {
    return grantableScopes(request.scope, user, client, this.catalog);
  }

  /**
   * The next step of a live request: the login page when no one is signed in, or `prompt`
   * / `max_age` ask for a fresh login (unless it happened during this request); the consent
   * page when the client needs consent the user has not given (or `prompt=consent`); else
   * the code. `prompt=none` turns every page into its error.
   */
  async next(request: AuthorizationRequestRecord, signedIn: SignedIn | null): Promise<string> {
    const client = await this.clientOf(request);
    const none = request.prompt.includes('none');
    if (!signedIn || this.needsLogin(request, signedIn)) {
      if (none) return this.fail(request, 'login_required', 'The user is not signed in');
      return this.pageUrl(LOGIN_PATH, request);
    }
    if (await this.needsConsent(request, signedIn.user, client)) {
      if (none) return this.fail(request, 'consent_required', 'The user has not consented');
      return this.pageUrl(CONSENT_PATH, request);
    }
    return this.complete(request, signedIn, client);
  }

  /** Ends the request with a code for the signed-in user: the client's redirect URI. */
  async complete(
    request: AuthorizationRequestRecord,
    { session, user }: SignedIn,
    client: Client,
  ): Promise<string> {
    if (!(await this.requests.consume(request))) throw PageError.requestGone();
    const code = await this.codes.issue({
      clientId: client.clientId,
      userId: user.id,
      redirectUri: request.redirectUri,
      redirectUriSent: request.redirectUriSent,
      scope: this.scopesFor(request, user, client),
      codeChallenge: request.codeChallenge,
      authTime: session.createdAt,
      browserSessionId: session.id,
      nonce: request.nonce,
    });
    return this.redirect(request.redirectUri, { code, state: request.state });
  }

  /** Ends the request with an error for the client: its redirect URI. */
  async fail(
    request: AuthorizationRequestRecord,
    error: string,
    description: string,
  ): Promise<string> {
    if (!(await this.requests.consume(request))) throw PageError.requestGone();
    return this.errorRedirect(request.redirectUri, request.state, { error, description });
  }

  /** The client's redirect URI with an error, `state` and `iss`. */
  errorRedirect(
    redirectUri: string,
    state: string | null,
    failure: AuthorizationErrorCode,
  ): string {
    return this.redirect(redirectUri, {
      error: failure.error,
      error_description: failure.description,
      state,
    });
  }

  /**
   * The registered redirect URI exactly as registered, with the response's parameters added to
   * its query (RFC 6749 §3.1.2) and `iss` (RFC 9207); `state` exactly as it was sent.
   */
  private redirect(redirectUri: string, params: Record<string, string | null>): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== null) query.append(name, value);
    }
    query.append('iss', this.tokens.issuer);
    return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
  }

  /** The absolute URL of a page of this request (the issuer's base, never the Host). */
  pageUrl(path: string, request: AuthorizationRequestRecord): string {
    return `${this.tokens.issuer}${path}?request_id=${request.id}`;
  }

  private needsLogin(request: AuthorizationRequestRecord, { session, user }: SignedIn): boolean {
    if (request.userId !== null) return request.userId !== user.id;
    if (request.prompt.includes('login')) return true;
    if (request.maxAge === null) return false;
    return Date.now() - session.createdAt.getTime() > request.maxAge * 1000;
  }

  private async needsConsent(
    request: AuthorizationRequestRecord,
    user: User,
    client: Client,
  ): Promise<boolean> {
    if (!client.consentRequired) return false;
    if (request.prompt.includes('consent')) return true;
    return !(await this.consents.covers(
      user.id,
      client.clientId,
      this.scopesFor(request, user, client),
    ));
  }
}
