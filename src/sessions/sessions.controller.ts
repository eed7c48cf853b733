import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Scopes } from '@scopegate/resource-server';
import { CurrentUser } from '../core/current-user.decorator';
import type { PrincipalUser } from '../core/principal';
import { HttpErrorDto } from '../http/http-error.dto';
import { PageQueryDto, pageOf } from '../http/page-query.dto';
import { SessionDto } from './dto/session.dto';
import { BrowserSessionsService } from './browser-sessions.service';
import { SessionsService } from './sessions.service';

/**
 * The caller's own sessions: applications' logins (refresh-token families) and browser
 * sessions of the login page, side by side: see them, end one.
 */
@ApiTags('users')
@Scopes('me')
@Controller('users/me/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly browserSessions: BrowserSessionsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The caller's live sessions, most recently used first",
    description:
      'Refresh sessions (an application may still refresh) and browser sessions (signed in to the login page), merged in one list',
  })
  @ApiOkResponse({ description: 'The sessions', type: [SessionDto] })
  @ApiBadRequestResponse({ description: 'limit or offset is out of range', type: HttpErrorDto })
  async list(
    @CurrentUser() user: PrincipalUser,
    @Query() query: PageQueryDto,
  ): Promise<SessionDto[]> {
    const page = pageOf(query);
    // Both lists up to the page's end, merged in one order, then the page cut out.
    const upTo = { limit: page.offset + page.limit, offset: 0 };
    const [refresh, browser] = await Promise.all([
      this.sessions.listForUser(user.id, upTo),
      this.browserSessions.listForUser(user.id, upTo.limit),
    ]);
    return [
      ...refresh.map((session) => SessionDto.from(session)),
      ...browser.map((session) =>
        SessionDto.fromBrowser(session, this.browserSessions.endsAt(session)),
      ),
    ]
      .sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime() || a.id.localeCompare(b.id))
      .slice(page.offset, page.offset + page.limit);
  }

  /**
   * Ends a session: a refresh session's refresh token stops working, and so do its access
   * tokens; a browser session is signed out (the next `/authorize` shows the login page).
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (its access tokens stop working too)' })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: HttpErrorDto })
  @ApiNotFoundResponse({ description: 'No such session of yours', type: HttpErrorDto })
  async end(
    @CurrentUser() user: PrincipalUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    if (await this.browserSessions.endForUser(user.id, id)) return;
    await this.sessions.endForUser(user.id, id);
  }
}
