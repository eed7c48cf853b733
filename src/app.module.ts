import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AccessTokenGuard, ScopesGuard } from '@scopegate/resource-server';
import { AccessTokensModule } from './access-tokens/access-tokens.module';
import { AuthorizationServerModule } from './authorization-server/authorization-server.module';
import { ClientsModule } from './clients/clients.module';
import { appConfig, type AppConfig } from './config/app.config';
import { ConfigurationModule } from './config/configuration.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { loggerParams } from './http/logger-params';
import { RedisModule } from './redis/redis.module';
import { ItemsModule } from './items/items.module';
import { KeysModule } from './keys/keys.module';
import { ScopesModule } from './scopes/scopes.module';
import { SeedModule } from './seed/seed.module';
import { SessionsModule } from './sessions/sessions.module';
import { ConsentsModule } from './consents/consents.module';
import { StatusModule } from './status/status.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigurationModule,
    EventEmitterModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => loggerParams(config),
    }),
    DatabaseModule,
    RedisModule,
    HealthModule,
    ScopesModule,
    KeysModule,
    AccessTokensModule,
    AuthorizationServerModule,
    UsersModule,
    ClientsModule,
    SessionsModule,
    ConsentsModule,
    ItemsModule,
    StatusModule,
    SeedModule,
  ],
  providers: [
    // Order matters: authenticate first, then check scopes.
    { provide: APP_GUARD, useExisting: AccessTokenGuard },
    { provide: APP_GUARD, useExisting: ScopesGuard },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
