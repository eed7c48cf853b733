import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@scopegate/resource-server';
import { ClientsService } from '../../clients/clients.service';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import type { BrowserSessionRecord } from '../../sessions/browser-session.entity';
import { BrowserSessionsService } from '../../sessions/browser-sessions.service';
import { BrowserCookies } from '../common/browser-cookies';
import { IdTokens } from '../common/id-tokens';
import { PageError, PageErrorFilter } from '../common/page-error';
import { PageForm } from '../common/page-form';
import { logoutPage, sendPage, sendRedirect } from '../common/pages';
import { ApiPage } from '../common/pages.docs';
import { afterLogout, checkLogoutRequest, type LogoutRequest } from './logout-request';

/**
 * Signing out of Scopegate's pages, and OpenID Connect's RP-Initiated Logout (its
 * `end_session_endpoint`): `GET /logout` (or a `POST` from an application) checks the request
 * and shows a confirmation form (skipped when the `id_token_hint` names this very browser
 * session); the form's CSRF-checked `POST` ends the browser session everywhere, clears its
 * cookie and answers 303: to the client's registered `post_logout_redirect_uri` with `state`,
 * or to the "signed out" page. An invalid request is a page, never a redirect. Applications'
 * refresh sessions are not touched: `/users/me/sessions` ends those.
 */
@Public()
@UseFilters(PageErrorFilter)
@Controller('logout')
export class LogoutController {
  constructor(
    private readonly cookies: BrowserCookies,
    private readonly browserSessions: BrowserSessionsService,
    private readonly clients: ClientsService,
    private readonly idTokens: IdTokens,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
  ) {}

  @Get()
  @ApiPage(
    'Sign out (OpenID Connect end_session_endpoint)',
    'Parameters id_token_hint, client_id, post_logout_redirect_uri (registered, exact), state.',
    {
      200: 'The confirmation form, or that no one is signed in',
      302: 'Signed out already (or the hint names this session): to post_logout_redirect_uri',
      400: 'An invalid request: unknown hint or client, an unregistered post_logout_redirect_uri',
    },
  )
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.begin(request.query as Record<string, unknown>, request, reply, 302);
  }

  @Post()
  @ApiPage(
    'Sign out: the confirmation form, or an application’s logout request',
    'With csrf_token: the confirmation form (ends the session). Without: the same as GET.',
    {
      200: 'The confirmation form',
      303: 'Signed out: to post_logout_redirect_uri with state, or to the sign-out page',
      400: 'An invalid request',
      403: 'Wrong CSRF token or foreign Origin',
    },
  )
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const fields = PageForm.fieldsOf(request);
    // An application's logout request by POST (it has no CSRF token of ours): confirm first.
    const fromApplication = ['id_token_hint', 'client_id', 'post_logout_redirect_uri'].some(
      (name) => fields[name] !== undefined,
    );
    if (fields.csrf_token === undefined && fromApplication) {
      await this.begin(fields, request, reply, 303);
      return;
    }
    const form = PageForm.of(request);
    const checked = await this.check(fields);
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    if (session) this.cookies.checkForm(request, session, form.get('csrf_token'));
    await this.end(session, reply);
    sendRedirect(reply, 303, afterLogout(checked) ?? `${this.tokens.issuer}/logout`);
  }

  /** A logout request: the confirmation page, or at once when nothing needs confirming. */
  private async begin(
    params: Readonly<Record<string, unknown>>,
    request: FastifyRequest,
    reply: FastifyReply,
    status: 302 | 303,
  ): Promise<void> {
    const checked = await this.check(params);
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    const hintNamesThisSession = session !== null && checked.hint?.sid === session.id;
    if (!session || hintNamesThisSession) {
      await this.end(session, reply);
      const next = afterLogout(checked);
      if (next) sendRedirect(reply, status, next);
      else sendPage(reply, 200, logoutPage(null));
      return;
    }
    sendPage(reply, 200, logoutPage({ csrfToken: session.csrfToken, request: checked }));
  }

  private async check(params: Readonly<Record<string, unknown>>): Promise<LogoutRequest> {
    const checked = await checkLogoutRequest(
      params,
      (clientId) => this.clients.find(clientId),
      (token) => this.idTokens.readHint(token),
    );
    if ('problem' in checked) throw PageError.badRequest(checked.problem);
    return checked;
  }

  /** Ends the browser session (if any: signing out twice is harmless) and clears its cookie. */
  private async end(session: BrowserSessionRecord | null, reply: FastifyReply): Promise<void> {
    if (session) await this.browserSessions.end(session.id);
    this.cookies.clearSession(reply);
  }
}
