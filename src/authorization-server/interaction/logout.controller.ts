import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../core/public.decorator';
import { BrowserSessionsService } from '../../sessions/browser-sessions.service';
import { BrowserCookies } from '../common/browser-cookies';
import { ApiPage } from '../common/pages.docs';
import { PageErrorFilter } from '../common/page-error';
import { logoutPage, sendPage, sendRedirect } from '../common/pages';
import { PageForm } from '../common/page-form';

/**
 * Signing out of Scopegate's pages: `GET /logout` shows the confirmation form (or that no one
 * is signed in), `POST /logout` (CSRF-checked) ends the browser session everywhere and clears
 * its cookie. Applications' refresh sessions are not touched: `/users/me/sessions` ends those.
 */
@Public()
@UseFilters(PageErrorFilter)
@Controller('logout')
export class LogoutController {
  constructor(
    private readonly cookies: BrowserCookies,
    private readonly browserSessions: BrowserSessionsService,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
  ) {}

  @Get()
  @ApiPage('The sign-out page', 'The confirmation form while signed in.', {
    200: 'The form, or that no one is signed in',
  })
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    sendPage(reply, 200, logoutPage(session ? { csrfToken: session.csrfToken } : null));
  }

  @Post()
  @ApiPage('Sign out of Scopegate', 'Field csrf_token. Ends the browser session everywhere.', {
    303: 'Signed out: to the sign-out page',
    403: 'Wrong CSRF token or foreign Origin',
  })
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = PageForm.of(request);
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    if (session) {
      this.cookies.checkForm(request, session, form.get('csrf_token'));
      await this.browserSessions.end(session.id);
    }
    this.cookies.clearSession(reply);
    sendRedirect(reply, 303, `${this.tokens.issuer}/logout`);
  }
}
