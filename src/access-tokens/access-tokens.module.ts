import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import {
  AccessTokenGuard,
  AccessTokenVerifier,
  BearerStrategy,
  PRINCIPAL_RESOLVER,
  VerifiedTokenCache,
} from '@scopegate/resource-server';
import { ClientsModule } from '../clients/clients.module';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import { KeyStore } from '../keys/key-store';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { TokenPrincipals } from './token-principals';

/**
 * Scopegate as a resource server, on the same parts as every other service
 * (`@scopegate/resource-server`): the one verification of access tokens, with Scopegate's own
 * key store as its key source; the bearer strategy (passport-jwt); and the global
 * authentication guard, with `TokenPrincipals` checking on every request what may change
 * during a token's life (revocation, its user and client).
 */
@Module({
  imports: [UsersModule, ClientsModule, SessionsModule, KeysModule, PassportModule],
  providers: [
    {
      provide: VerifiedTokenCache,
      inject: [tokensConfig.KEY, KeyStore],
      useFactory: (config: TokensConfig, keys: KeyStore) => {
        const cache = new VerifiedTokenCache(config.cacheSize);
        keys.onRetire((kid) => cache.forgetKey(kid));
        return cache;
      },
    },
    {
      provide: AccessTokenVerifier,
      inject: [KeyStore, tokensConfig.KEY, VerifiedTokenCache],
      useFactory: (keys: KeyStore, config: TokensConfig, cache: VerifiedTokenCache) =>
        new AccessTokenVerifier(
          keys,
          {
            issuer: config.issuer,
            audience: config.audience,
            clockTolerance: config.clockToleranceSeconds,
          },
          cache,
        ),
    },
    BearerStrategy,
    TokenPrincipals,
    { provide: PRINCIPAL_RESOLVER, useExisting: TokenPrincipals },
    AccessTokenGuard,
  ],
  exports: [AccessTokenVerifier, AccessTokenGuard, TokenPrincipals],
})
export class AccessTokensModule {}
