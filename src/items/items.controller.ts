import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Scopes } from '@scopegate/resource-server';
import { HttpErrorDto } from '../http/http-error.dto';
import { PageQueryDto, pageOf } from '../http/page-query.dto';
import { CurrentUser } from '../core/current-user.decorator';
import type { Principal, PrincipalUser } from '../core/principal';
import { CreateItemDto } from './dto/create-item.dto';
import { ItemDto, ItemListResponse } from './dto/item.dto';
import { UpdateItemDto } from './dto/update-item.dto';
import { ItemsService } from './items.service';

/** Items CRUD. Callers see their own items; `admin` sees everyone's. */
@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  /** Lists the caller's items. */
  @Get()
  @ApiOperation({ summary: "List the caller's items (everyone's with admin)" })
  @ItemListResponse('The items')
  @Scopes('items:read')
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: PageQueryDto,
  ): Promise<ItemDto[]> {
    return (await this.items.list(caller, pageOf(query))).map((item) => ItemDto.from(item));
  }

  /** One item. */
  @Get(':id')
  @ApiOperation({ summary: 'One item' })
  @ApiOkResponse({ description: 'The item', type: ItemDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: HttpErrorDto })
  @ApiNotFoundResponse({
    description: 'No such item among those the caller may see',
    type: HttpErrorDto,
  })
  @Scopes('items:read')
  async get(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.items.get(caller, id));
  }

  /** Creates an item owned by the calling user (a client's own token owns nothing: 403). */
  @Post()
  @ApiOperation({ summary: 'Create an item owned by the calling user' })
  @ApiCreatedResponse({ description: 'The new item', type: ItemDto })
  @ApiBadRequestResponse({ description: 'The body is invalid', type: HttpErrorDto })
  @Scopes('items:write')
  async create(@CurrentUser() user: PrincipalUser, @Body() body: CreateItemDto): Promise<ItemDto> {
    return ItemDto.from(await this.items.create(user.id, body));
  }

  /** Changes an item's title or description. */
  @Patch(':id')
  @ApiOperation({ summary: "Change an item's title or description" })
  @ApiOkResponse({ description: 'The item', type: ItemDto })
  @ApiBadRequestResponse({ description: 'The id or the body is invalid', type: HttpErrorDto })
  @ApiNotFoundResponse({
    description: 'No such item among those the caller may see',
    type: HttpErrorDto,
  })
  @Scopes('items:write')
  async update(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateItemDto,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.items.update(caller, id, body));
  }

  /** Deletes an item. */
  @Delete(':id')
  @ApiOperation({ summary: 'Delete an item' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: HttpErrorDto })
  @ApiNotFoundResponse({
    description: 'No such item among those the caller may see',
    type: HttpErrorDto,
  })
  @HttpCode(204)
  @Scopes('items:delete')
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.items.remove(caller, id);
  }
}
