import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, ScopeCatalog } from '@scopegate/resource-server';
import { ClientsService } from '../../clients/clients.service';
import { BrowserSessionsService } from '../../sessions/browser-sessions.service';
import { AuthorizationFlow } from '../common/authorization-flow';
import { AuthorizationRequests } from '../common/authorization-requests';
import { BrowserCookies } from '../common/browser-cookies';
import { IdTokens } from '../common/id-tokens';
import { ApiPage } from '../common/pages.docs';
import { PageForm } from '../common/page-form';
import { PageError, PageErrorFilter } from '../common/page-error';
import { sendRedirect } from '../common/pages';
import { checkAuthorizationRequest, type AuthorizationParameters } from './authorization-request';

/**
 * The authorization endpoint (RFC 6749 §4.1.1 with PKCE, RFC 7636): validates the request,
 * keeps it server-side and sends the browser on with a 302: to the login page, the consent
 * page, or straight back to the client when the user is signed in and has consented (single
 * sign-on). A request whose client or redirect URI is not known good gets a 400 page; any
 * other error goes back to the client. `POST` takes the same parameters as a form.
 */
@Public()
@UseFilters(PageErrorFilter)
@Controller('authorize')
export class AuthorizeController {
  constructor(
    private readonly clients: ClientsService,
    private readonly catalog: ScopeCatalog,
    private readonly requests: AuthorizationRequests,
    private readonly flow: AuthorizationFlow,
    private readonly cookies: BrowserCookies,
    private readonly browserSessions: BrowserSessionsService,
    private readonly idTokens: IdTokens,
  ) {}

  @Get()
  @ApiPage(
    'Start a sign-in: the authorization endpoint (RFC 6749 §4.1.1, PKCE S256 required)',
    'Open in a browser. Parameters: response_type=code, client_id, redirect_uri, scope, state, code_challenge, code_challenge_method=S256, prompt, max_age. Errors before the client and redirect URI are known good are a 400 page; any other goes back to the client.',
    {
      302: 'To the login page, the consent page, or the client with code, state and iss (or error)',
      400: 'An HTML page: client_id or redirect_uri is missing, unknown, repeated or not registered',
    },
  )
  authorizeByQuery(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.authorize(request.query as AuthorizationParameters, request, reply);
  }

  @Post()
  @ApiPage(
    'The authorization endpoint, form-encoded',
    'The same parameters and answers as GET /authorize, in an application/x-www-form-urlencoded body.',
    {
      302: 'To the login page, the consent page, or the client with code, state and iss (or error)',
      400: 'An HTML page: client_id or redirect_uri is missing, unknown, repeated or not registered',
    },
  )
  authorizeByForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.authorize(PageForm.fieldsOf(request), request, reply);
  }

  private async authorize(
    params: AuthorizationParameters,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const checked = await checkAuthorizationRequest(
      params,
      (clientId) => this.clients.find(clientId),
      this.catalog,
    );
    if ('kind' in checked) {
      if (checked.kind === 'page') throw PageError.badRequest(checked.detail);
      const location = this.flow.errorRedirect(checked.redirectUri, checked.state, checked.failure);
      sendRedirect(reply, 302, location);
      return;
    }
    const { validated } = checked;
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    const signedIn = await this.flow.signedIn(session);
    const hint = typeof params.id_token_hint === 'string' ? params.id_token_hint : '';
    if (hint !== '') {
      // OIDC Core §3.1.2.1: one of our ID tokens (expired accepted) names who should be in.
      const hinted = this.idTokens.readHint(hint);
      const failure = !hinted
        ? {
            error: 'invalid_request',
            description: 'id_token_hint is not an ID token of this issuer',
          }
        : signedIn && signedIn.user.id !== hinted.sub
          ? {
              error: 'login_required',
              description: 'Another user is signed in than the hint names',
            }
          : null;
      if (failure) {
        sendRedirect(
          reply,
          302,
          this.flow.errorRedirect(validated.redirectUri, validated.state, failure),
        );
        return;
      }
    }
    const stored = await this.requests.create(validated, this.cookies.bindingOf(request, reply));
    sendRedirect(reply, 302, await this.flow.next(stored, signedIn));
  }
}
