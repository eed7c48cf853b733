import { ApiProperty } from '@nestjs/swagger';
import type { Item } from '../item.entity';

export class ItemDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Foo' })
  title!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ format: 'uuid', description: 'Id of the user who owns the item' })
  ownerId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;

  static from(item: Item): ItemDto {
    const { id, title, description, ownerId, createdAt, updatedAt } = item;
    return Object.assign(new ItemDto(), { id, title, description, ownerId, createdAt, updatedAt });
  }
}
