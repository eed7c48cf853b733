import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Inject } from '@nestjs/common';
import { Public } from '@scopegate/resource-server';
import { authorizationConfig, type AuthorizationConfig } from '../../config/authorization.config';
import { BrowserSessionsService } from '../../sessions/browser-sessions.service';
import { AuthorizationFlow } from '../common/authorization-flow';
import { AuthorizationRequests } from '../common/authorization-requests';
import type { AuthorizationRequestRecord } from '../common/authorization-request.entity';
import { BrowserCookies } from '../common/browser-cookies';
import { ApiPage } from '../common/pages.docs';
import { PageError, PageErrorFilter } from '../common/page-error';
import { loginPage, sendPage, sendRedirect } from '../common/pages';
import { PasswordLogin } from '../common/password-login';
import { TokenThrottlerGuard } from '../common/token-throttler.guard';
import { PageForm, requestIdOf } from '../common/page-form';

/**
 * The login page of an authorization request. The password is checked by the same
 * `PasswordLogin` as the password grant (one lockout rule), and attempts count against the
 * same per-address limit. An unknown user, a wrong password, a disabled user and a locked
 * account all re-render the form with the same status and message, after the same work.
 * Success opens a new browser session (a new id, never the old one).
 */
@Public()
@UseFilters(PageErrorFilter)
@Controller('login')
export class LoginController {
  constructor(
    private readonly requests: AuthorizationRequests,
    private readonly flow: AuthorizationFlow,
    private readonly cookies: BrowserCookies,
    private readonly browserSessions: BrowserSessionsService,
    private readonly passwords: PasswordLogin,
    @Inject(authorizationConfig.KEY) private readonly config: AuthorizationConfig,
  ) {}

  @Get()
  @ApiPage('The login page of a sign-in', 'request_id names the sign-in request.', {
    200: 'The form',
    400: 'The request id is unknown, expired or used',
  })
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const record = await this.liveRequest(requestIdOf(request));
    await this.render(reply, record);
  }

  @Post()
  @UseGuards(TokenThrottlerGuard)
  @ApiPage(
    'Sign in (the login form)',
    'Fields username, password, remember, request_id, csrf_token, action=login|cancel.',
    {
      200: 'The form again: wrong username or password (the same for every failure)',
      303: 'Signed in: to the consent page or the client; cancel: to the client with access_denied',
      400: 'The request id is unknown, expired or used',
      403: 'Wrong CSRF token, foreign Origin, or not the browser that started the sign-in',
      429: 'Too many attempts from this address (Retry-After)',
    },
  )
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = PageForm.of(request);
    const record = await this.liveRequest(form.get('request_id'));
    this.cookies.checkForm(request, record, form.get('csrf_token'));
    if (form.get('action') === 'cancel') {
      sendRedirect(reply, 303, await this.flow.fail(record, 'access_denied', 'The user cancelled'));
      return;
    }
    const username = form.get('username') ?? '';
    const user = await this.passwords.check(username, form.get('password') ?? '');
    if (!user) {
      await this.render(reply, record, username);
      return;
    }
    const previous = await this.browserSessions.find(this.cookies.sessionOf(request));
    if (previous) await this.browserSessions.end(previous.id);
    const remember = form.get('remember') !== undefined;
    const { session, cookieValue } = await this.browserSessions.open(user.id, remember);
    this.cookies.setSession(
      reply,
      cookieValue,
      remember ? this.config.sessionRememberLifetimeSeconds : undefined,
    );
    await this.requests.signedIn(record, user.id);
    sendRedirect(reply, 303, await this.flow.next(record, { session, user }));
  }

  private async liveRequest(id: unknown): Promise<AuthorizationRequestRecord> {
    const record = await this.requests.findLive(id);
    if (!record) throw PageError.requestGone();
    return record;
  }

  /** The form, empty or again after a failure (the username kept, escaped). */
  private async render(
    reply: FastifyReply,
    record: AuthorizationRequestRecord,
    failedUsername?: string,
  ): Promise<void> {
    const client = await this.flow.clientOf(record);
    sendPage(
      reply,
      200,
      loginPage({
        requestId: record.id,
        csrfToken: record.csrfToken,
        clientName: client.name,
        username: (failedUsername ?? record.loginHint ?? undefined)?.slice(0, 256),
        failed: failedUsername !== undefined,
      }),
    );
  }
}
