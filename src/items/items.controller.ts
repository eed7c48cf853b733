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
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { Scopes } from '../scopes/scopes.decorator';
import { CreateItemDto } from './dto/create-item.dto';
import { ItemDto } from './dto/item.dto';
import { UpdateItemDto } from './dto/update-item.dto';
import { ItemsService } from './items.service';

/** Items CRUD. Callers see their own items; `admin` sees everyone's. */
@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  /** Lists the caller's items. */
  @Get()
  @Scopes('items:read')
  async list(@CurrentPrincipal() caller: Principal): Promise<ItemDto[]> {
    return (await this.items.list(caller)).map((item) => ItemDto.from(item));
  }

  /** One item. */
  @Get(':id')
  @Scopes('items:read')
  async get(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.items.get(caller, id));
  }

  /** Creates an item owned by the caller. */
  @Post()
  @Scopes('items:write')
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreateItemDto,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.items.create(caller.user.id, body));
  }

  /** Changes an item's title or description. */
  @Patch(':id')
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
  @HttpCode(204)
  @Scopes('items:delete')
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.items.remove(caller, id);
  }
}
