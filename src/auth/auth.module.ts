import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { throttlingConfig } from '../config/throttling.config';
import { KeysModule } from '../keys/keys.module';
import { SharedState } from '../redis/shared-state';
import { UsersModule } from '../users/users.module';
import { AccountLockout } from './account-lockout';
import { DiscoveryController } from './discovery.controller';
import { RevocationController } from './revocation.controller';
import { ClientsModule } from '../clients/clients.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ClientAuthentication } from './client-authentication';
import { IntrospectionController } from './introspection.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { TokenGrants } from './token-grants';
import { TokenLookup } from './token-lookup';
import { TokenPrincipals } from './token-principals';
import { TokenRequestGuard } from './token-request.guard';
import { TokenThrottlerGuard, tokenThrottlerOptions } from './token-throttler.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * The OAuth2 endpoints (`/token`, `/revoke`, `/introspect`, discovery), access-token issue and
 * verification, and the global authentication guard.
 */
@Module({
  imports: [
    UsersModule,
    KeysModule,
    ClientsModule,
    SessionsModule,
    PassportModule,
    JwtModule.register({}),
    // Counters in process, or in Redis with REDIS_URL (shared by every instance).
    ThrottlerModule.forRootAsync({
      inject: [throttlingConfig.KEY, SharedState],
      useFactory: tokenThrottlerOptions,
    }),
  ],
  controllers: [
    TokenController,
    RevocationController,
    IntrospectionController,
    DiscoveryController,
  ],
  providers: [
    TokenService,
    TokenGrants,
    TokenLookup,
    ClientAuthentication,
    AccountLockout,
    LocalStrategy,
    JwtStrategy,
    VerifiedTokenCache,
    TokenPrincipals,
    JwtAuthGuard,
    TokenRequestGuard,
    TokenThrottlerGuard,
  ],
  exports: [JwtAuthGuard, TokenService],
})
export class AuthModule {}
