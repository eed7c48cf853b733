import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ClientsModule } from '../clients/clients.module';
import { ConfigurationModule } from '../config/configuration.module';
import { DatabaseModule } from '../database/database.module';
import { ItemsModule } from '../items/items.module';
import { KeysModule } from '../keys/keys.module';
import { RedisModule } from '../redis/redis.module';
import { ScopesModule } from '../scopes/scopes.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { CLIENT_SUBCOMMANDS, ClientsCommand } from './clients.command';
import { KEY_SUBCOMMANDS, KeysCommand } from './keys.command';
import { PasswordInput } from './password-input';
import { USER_SUBCOMMANDS, UsersCommand } from './users.command';

/**
 * The operator CLI: the same services as the HTTP API, without HTTP. Every feature that
 * declares scopes is imported, so the catalog is the application's.
 */
@Module({
  imports: [
    ConfigurationModule,
    EventEmitterModule.forRoot(),
    DatabaseModule,
    RedisModule,
    ScopesModule,
    UsersModule,
    ClientsModule,
    SessionsModule,
    ItemsModule,
    KeysModule,
  ],
  providers: [
    PasswordInput,
    UsersCommand,
    ...USER_SUBCOMMANDS,
    ClientsCommand,
    ...CLIENT_SUBCOMMANDS,
    KeysCommand,
    ...KEY_SUBCOMMANDS,
  ],
})
export class CliModule {}
