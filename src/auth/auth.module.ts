import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { throttlingConfig } from '../config/throttling.config';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LocalStrategy } from './local.strategy';
import { PasswordGrantGuard } from './password-grant.guard';
import { loadSigningKey, SIGNING_KEY } from './signing-key';
import { TokenThrottlerGuard, tokenThrottlerOptions } from './token-throttler.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/** `POST /token`, access-token issue and verification, and the global authentication guard. */
@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    // In-memory counters: each instance counts on its own (see the README's Security section).
    ThrottlerModule.forRootAsync({
      inject: [throttlingConfig.KEY],
      useFactory: tokenThrottlerOptions,
    }),
  ],
  controllers: [TokenController],
  providers: [
    {
      provide: SIGNING_KEY,
      inject: [tokensConfig.KEY],
      useFactory: (config: TokensConfig) => loadSigningKey(config),
    },
    TokenService,
    LocalStrategy,
    AccessTokenVerifier,
    JwtAuthGuard,
    PasswordGrantGuard,
    TokenThrottlerGuard,
  ],
  exports: [JwtAuthGuard, TokenService],
})
export class AuthModule {}
