import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { throttlingConfig } from '../config/throttling.config';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { AccountLockout } from './account-lockout';
import { DiscoveryController } from './discovery.controller';
import { RevocationController } from './revocation.controller';
import { RevokedTokenRecord } from './revoked-token.entity';
import { RevokedTokens } from './revoked-tokens';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { PasswordGrantGuard } from './password-grant.guard';
import { TokenPrincipals } from './token-principals';
import { TokenThrottlerGuard, tokenThrottlerOptions } from './token-throttler.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';

/** `POST /token`, access-token issue and verification, and the global authentication guard. */
@Module({
  imports: [
    UsersModule,
    KeysModule,
    TypeOrmModule.forFeature([RevokedTokenRecord]),
    PassportModule,
    JwtModule.register({}),
    // In-memory counters: each instance counts on its own (see the README's Security section).
    ThrottlerModule.forRootAsync({
      inject: [throttlingConfig.KEY],
      useFactory: tokenThrottlerOptions,
    }),
  ],
  controllers: [TokenController, RevocationController, DiscoveryController],
  providers: [
    TokenService,
    AccountLockout,
    LocalStrategy,
    JwtStrategy,
    VerifiedTokenCache,
    TokenPrincipals,
    RevokedTokens,
    JwtAuthGuard,
    PasswordGrantGuard,
    TokenThrottlerGuard,
  ],
  exports: [JwtAuthGuard, TokenService],
})
export class AuthModule {}
