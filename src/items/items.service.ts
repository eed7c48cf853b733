import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Principal } from '../core/principal';
import type { Page } from '../http/page-query.dto';
import { ADMIN_SCOPE } from '../scopes/scopes.module';
import type { CreateItemDto } from './dto/create-item.dto';
import type { UpdateItemDto } from './dto/update-item.dto';
import { ItemListQuery } from './item-list.query';
import { Item } from './item.entity';

/**
 * Items, always seen through the caller: a user reads and changes only their own items,
 * unless their token carries `admin`. Someone else's item is a 404, not a 403, so ids leak
 * nothing.
 */
@Injectable()
export class ItemsService {
  private readonly lists: ItemListQuery;

  constructor(@InjectRepository(Item) private readonly items: Repository<Item>) {
    this.lists = new ItemListQuery(items);
  }

  /**
   * A page of the caller's items, or of everyone's for `admin`; oldest first. A client acting
   * for itself owns none.
   */
  list(caller: Principal, page: Page): Promise<Item[]> {
    if (isAdmin(caller)) return this.lists.run(null, page);
    if (caller.kind !== 'user') return Promise.resolve([]);
    return this.lists.run(caller.user.id, page);
  }

  /** A page of the caller's own items, whatever their other scopes; oldest first. */
  listOwn(ownerId: string, page: Page): Promise<Item[]> {
    return this.lists.run(ownerId, page);
  }

  async get(caller: Principal, id: string): Promise<Item> {
    const item = isAdmin(caller)
      ? await this.items.findOneBy({ id })
      : caller.kind === 'user'
        ? await this.items.findOneBy({ id, ownerId: caller.user.id })
        : null;
    if (!item) throw new NotFoundException(`No item with id ${id}`);
    return item;
  }

  create(ownerId: string, input: CreateItemDto): Promise<Item> {
    return this.items.save(
      this.items.create({
        id: randomUUID(),
        ownerId,
        title: input.title,
        description: input.description ?? null,
      }),
    );
  }

  async update(caller: Principal, id: string, changes: UpdateItemDto): Promise<Item> {
    const item = await this.get(caller, id);
    if (changes.title !== undefined) item.title = changes.title;
    if (changes.description !== undefined) item.description = changes.description;
    return this.items.save(item);
  }

  async remove(caller: Principal, id: string): Promise<void> {
    const item = await this.get(caller, id);
    await this.items.delete({ id: item.id });
  }
}

function isAdmin(caller: Principal): boolean {
  return caller.effectiveScopes.has(ADMIN_SCOPE);
}
