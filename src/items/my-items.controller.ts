import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@scopegate/resource-server';
import { CurrentUser } from '../core/current-user.decorator';
import type { PrincipalUser } from '../core/principal';
import { PageQueryDto, pageOf } from '../http/page-query.dto';
import { ItemDto, ItemListResponse } from './dto/item.dto';
import { ItemsService } from './items.service';

/** The tutorial's `/users/me/items/`: needs `me` (class) and `items` (handler). */
@ApiTags('users')
@Scopes('me')
@Controller('users/me/items')
export class MyItemsController {
  constructor(private readonly items: ItemsService) {}

  /** The current user's items. */
  @Get()
  @ApiOperation({ summary: "The current user's items" })
  @ItemListResponse("The current user's items")
  @Scopes('items')
  async list(@CurrentUser() user: PrincipalUser, @Query() query: PageQueryDto): Promise<ItemDto[]> {
    return (await this.items.listOwn(user.id, pageOf(query))).map((item) => ItemDto.from(item));
  }
}
