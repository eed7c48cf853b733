import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../scopes/scopes.module';
import { MeController } from './me.controller';
import { CredentialsModule } from '../credentials/credentials.module';
import { User } from './user.entity';
import { UserCache } from './user-cache';
import { UsersController } from './users.controller';
import { USERS_SCOPES } from './users.scopes';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    CredentialsModule,
    ScopesModule.forFeature('UsersModule', USERS_SCOPES),
  ],
  controllers: [MeController, UsersController],
  providers: [UsersService, UserCache],
  exports: [UsersService, UserCache],
})
export class UsersModule {}
