import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ItemsModule } from '../items/items.module';
import { UsersModule } from '../users/users.module';
import { SeedService } from './seed.service';

@Module({ imports: [UsersModule, ClientsModule, ItemsModule], providers: [SeedService] })
export class SeedModule {}
