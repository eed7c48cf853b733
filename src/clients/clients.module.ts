import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialsModule } from '../credentials/credentials.module';
import { ScopesModule } from '../scopes/scopes.module';
import { Client } from './client.entity';
import { ClientsController } from './clients.controller';
import { CLIENTS_SCOPES } from './clients.scopes';
import { ClientsService } from './clients.service';

/** OAuth2 clients (docs/http-contract.md, Clients): the built-in public client, registration and administration. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Client]),
    CredentialsModule,
    ScopesModule.forFeature('ClientsModule', CLIENTS_SCOPES),
  ],
  controllers: [ClientsController],
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
