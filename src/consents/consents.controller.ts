import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
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
import { ConsentsService } from './consents.service';
import { GrantDto } from './dto/grant.dto';

/** The caller's grants: which clients they allowed which scopes. */
@ApiTags('users')
@Scopes('me')
@Controller('users/me/grants')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @ApiOperation({ summary: 'The clients you allowed, with the scopes you allowed each' })
  @ApiOkResponse({ description: 'The grants', type: [GrantDto] })
  @ApiBadRequestResponse({ description: 'limit or offset is out of range', type: HttpErrorDto })
  async list(
    @CurrentUser() user: PrincipalUser,
    @Query() query: PageQueryDto,
  ): Promise<GrantDto[]> {
    const grants = await this.consents.listForUser(user.id, pageOf(query));
    return grants.map((grant) => GrantDto.from(grant));
  }

  /** Withdraws a grant: the consent page asks again, and the client's sessions of yours end. */
  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Withdraw a grant (the client asks again; its refresh sessions of yours end)',
  })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiNotFoundResponse({ description: 'You have no grant to this client', type: HttpErrorDto })
  async withdraw(
    @CurrentUser() user: PrincipalUser,
    @Param('clientId') clientId: string,
  ): Promise<void> {
    await this.consents.withdraw(user.id, clientId);
  }
}
