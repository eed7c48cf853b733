import { Module } from '@nestjs/common';
import { ConfigurationModule } from '../config/configuration.module';
import { DatabaseModule } from '../database/database.module';
import { ItemsModule } from '../items/items.module';
import { KeysModule } from '../keys/keys.module';
import { ScopesModule } from '../scopes/scopes.module';
import { UsersModule } from '../users/users.module';
import { KeysCommand, ListKeysCommand, RotateKeysCommand } from './keys.command';
import { PasswordInput } from './password-input';
import {
  CreateAdminCommand,
  CreateUserCommand,
  DisableUserCommand,
  EnableUserCommand,
  GrantScopesCommand,
  RevokeScopesCommand,
  SetPasswordCommand,
  UsersCommand,
} from './users.command';

/**
 * The operator CLI: the same services as the HTTP API, without HTTP. Every feature that
 * declares scopes is imported, so the catalog is the application's.
 */
@Module({
  imports: [
    ConfigurationModule,
    DatabaseModule,
    ScopesModule,
    UsersModule,
    ItemsModule,
    KeysModule,
  ],
  providers: [
    PasswordInput,
    UsersCommand,
    CreateUserCommand,
    CreateAdminCommand,
    SetPasswordCommand,
    EnableUserCommand,
    DisableUserCommand,
    GrantScopesCommand,
    RevokeScopesCommand,
    KeysCommand,
    ListKeysCommand,
    RotateKeysCommand,
  ],
})
export class CliModule {}
