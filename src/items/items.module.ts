import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../scopes/scopes.module';
import { Item } from './item.entity';
import { ItemsController } from './items.controller';
import { ITEMS_SCOPES } from './items.scopes';
import { ItemsService } from './items.service';
import { MyItemsController } from './my-items.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Item]), ScopesModule.forFeature('ItemsModule', ITEMS_SCOPES)],
  controllers: [ItemsController, MyItemsController],
  providers: [ItemsService],
  exports: [ItemsService],
})
export class ItemsModule {}
