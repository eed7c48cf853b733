import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, ScopeCatalog } from '@scopegate/resource-server';
import { ConsentsService } from '../../consents/consents.service';
import { BrowserSessionsService } from '../../sessions/browser-sessions.service';
import { AuthorizationFlow, LOGIN_PATH, type SignedIn } from '../common/authorization-flow';
import type { AuthorizationRequestRecord } from '../common/authorization-request.entity';
import { AuthorizationRequests } from '../common/authorization-requests';
import { BrowserCookies } from '../common/browser-cookies';
import { ApiPage } from '../common/pages.docs';
import { PageError, PageErrorFilter } from '../common/page-error';
import { consentPage, sendPage, sendRedirect } from '../common/pages';
import { PageForm, requestIdOf } from '../common/page-form';

/**
 * The consent page: the client's name and each scope it asks for with the catalog's
 * description. Allow stores the grant (user, client, scopes) and sends the code; deny sends
 * `access_denied`. Without a live browser session the user signs in first.
 */
@Public()
@UseFilters(PageErrorFilter)
@Controller('consent')
export class ConsentController {
  private readonly descriptions: ReadonlyMap<string, string>;

  constructor(
    private readonly requests: AuthorizationRequests,
    private readonly flow: AuthorizationFlow,
    private readonly cookies: BrowserCookies,
    private readonly browserSessions: BrowserSessionsService,
    private readonly consents: ConsentsService,
    catalog: ScopeCatalog,
  ) {
    this.descriptions = new Map(
      catalog.definitions.map((scope) => [scope.name, scope.description]),
    );
  }

  @Get()
  @ApiPage('The consent page of a sign-in', 'request_id names the sign-in request.', {
    200: 'The client, and each scope it asks for with its description',
    302: 'Not signed in: to the login page',
    400: 'The request id is unknown, expired or used',
  })
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const record = await this.liveRequest(requestIdOf(request));
    const signedIn = await this.signedInFor(request, record);
    if (!signedIn) {
      sendRedirect(reply, 302, this.flow.pageUrl(LOGIN_PATH, record));
      return;
    }
    const client = await this.flow.clientOf(record);
    const scopes = this.flow.scopesFor(record, signedIn.user, client).map((name) => ({
      name,
      description: this.descriptions.get(name) ?? name,
    }));
    sendPage(
      reply,
      200,
      consentPage({
        requestId: record.id,
        csrfToken: record.csrfToken,
        clientName: client.name,
        username: signedIn.user.username,
        scopes,
      }),
    );
  }

  @Post()
  @ApiPage(
    'Allow or deny (the consent form)',
    'Fields decision=allow|deny, request_id, csrf_token.',
    {
      303: 'To the client: with a code (allow) or access_denied (deny)',
      400: 'The request id is unknown, expired or used',
      403: 'Wrong CSRF token, foreign Origin, or not the browser that started the sign-in',
    },
  )
  async decide(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = PageForm.of(request);
    const record = await this.liveRequest(form.get('request_id'));
    this.cookies.checkForm(request, record, form.get('csrf_token'));
    const signedIn = await this.signedInFor(request, record);
    if (!signedIn) {
      sendRedirect(reply, 303, this.flow.pageUrl(LOGIN_PATH, record));
      return;
    }
    const decision = form.get('decision');
    if (decision === 'deny') {
      sendRedirect(
        reply,
        303,
        await this.flow.fail(record, 'access_denied', 'The user denied access'),
      );
      return;
    }
    if (decision !== 'allow') throw PageError.badRequest('decision must be allow or deny.');
    const client = await this.flow.clientOf(record);
    const scopes = this.flow.scopesFor(record, signedIn.user, client);
    await this.consents.allow(signedIn.user.id, client.clientId, scopes);
    sendRedirect(reply, 303, await this.flow.complete(record, signedIn, client));
  }

  private async liveRequest(id: unknown): Promise<AuthorizationRequestRecord> {
    const record = await this.requests.findLive(id);
    if (!record) throw PageError.requestGone();
    return record;
  }

  /** The signed-in user, if they are the one who signed in for this request (when one did). */
  private async signedInFor(
    request: FastifyRequest,
    record: AuthorizationRequestRecord,
  ): Promise<SignedIn | null> {
    const session = await this.browserSessions.find(this.cookies.sessionOf(request));
    const signedIn = await this.flow.signedIn(session);
    if (!signedIn || (record.userId !== null && record.userId !== signedIn.user.id)) return null;
    return signedIn;
  }
}
