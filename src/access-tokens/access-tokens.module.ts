import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ClientsModule } from '../clients/clients.module';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { TokenPrincipals } from './token-principals';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Scopegate as a resource server: the one verification of access tokens, the bearer strategy
 * (passport-jwt) and the global authentication guard that turns a token into the request's
 * `Principal`, checking on every request what may change during a token's life.
 */
@Module({
  imports: [UsersModule, ClientsModule, SessionsModule, KeysModule, PassportModule],
  providers: [AccessTokenVerifier, JwtStrategy, JwtAuthGuard, VerifiedTokenCache, TokenPrincipals],
  exports: [AccessTokenVerifier, JwtAuthGuard, TokenPrincipals],
})
export class AccessTokensModule {}
