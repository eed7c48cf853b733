import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../core/current-user.decorator';
import type { PrincipalUser } from '../core/principal';
import { HttpErrorDto } from '../http/http-error.dto';
import { PageQueryDto, pageOf } from '../http/page-query.dto';
import { Scopes } from '../scopes/scopes.decorator';
import { SessionDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

/** The caller's own sessions (refresh-token families): see them, end one. */
@ApiTags('users')
@Scopes('me')
@Controller('users/me/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's sessions that can still be refreshed, latest first" })
  @ApiOkResponse({ description: 'The sessions', type: [SessionDto] })
  @ApiBadRequestResponse({ description: 'limit or offset is out of range', type: HttpErrorDto })
  async list(
    @CurrentUser() user: PrincipalUser,
    @Query() query: PageQueryDto,
  ): Promise<SessionDto[]> {
    const sessions = await this.sessions.listForUser(user.id, pageOf(query));
    return sessions.map((session) => SessionDto.from(session));
  }

  /** Ends a session: its refresh token stops working, and so do its access tokens. */
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
    await this.sessions.endForUser(user.id, id);
  }
}
