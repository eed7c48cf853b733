import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenVerifier } from '../access-token-verifier';
import { AccessTokenGuard, PRINCIPAL_RESOLVER } from '../access-token.guard';
import { BearerStrategy } from '../bearer.strategy';
import { ResourceServerErrorFilter } from '../error.filter';
import { ScopeRequirements } from '../scope-requirements';
import { ScopedRoutes } from '../scoped-routes';
import { ScopesGuard } from '../scopes.guard';
import { VerifiedTokenCache } from '../verified-token-cache';
import { ClaimsPrincipals } from './claims-principals';
import { IntrospectionGuard } from './introspection.guard';
import { IssuerConnection } from './issuer-connection';
import { RESOLVED_OPTIONS } from './resolved-options';
import {
  ConfigurableResourceServerModule,
  RESOURCE_SERVER_OPTIONS,
  resolveOptions,
  type ResolvedOptions,
  type ResourceServerOptions,
} from './resource-server.options';

/**
 * Makes a NestJS service a resource server of Scopegate: a global guard (every route needs a
 * valid access token unless `@Public()`), then the scope guard (`@Scopes()` on classes and
 * handlers, their union, the issuer's implications), the RFC 6750 errors, and start-up
 * refused when a route requires a scope Scopegate's catalog lacks.
 *
 * `ResourceServerModule.forRoot({ issuer, audience })`, or `forRootAsync({ useFactory, inject })`
 * to take them from configuration.
 */
@Module({
  imports: [DiscoveryModule, PassportModule],
  providers: [
    {
      provide: RESOLVED_OPTIONS,
      inject: [RESOURCE_SERVER_OPTIONS],
      useFactory: (options: ResourceServerOptions) => resolveOptions(options),
    },
    {
      provide: VerifiedTokenCache,
      inject: [RESOLVED_OPTIONS],
      useFactory: (options: ResolvedOptions) => new VerifiedTokenCache(options.tokenCacheSize),
    },
    IssuerConnection,
    {
      provide: AccessTokenVerifier,
      inject: [IssuerConnection, RESOLVED_OPTIONS, VerifiedTokenCache],
      useFactory: (
        keys: IssuerConnection,
        { issuer, audience, clockTolerance }: ResolvedOptions,
        cache: VerifiedTokenCache,
      ) => new AccessTokenVerifier(keys, { issuer, audience, clockTolerance }, cache),
    },
    ScopeRequirements,
    ScopedRoutes,
    BearerStrategy,
    { provide: PRINCIPAL_RESOLVER, useClass: ClaimsPrincipals },
    AccessTokenGuard,
    ScopesGuard,
    IntrospectionGuard,
    // Order matters: authenticate, check scopes, then ask the issuer where a route wants it.
    { provide: APP_GUARD, useExisting: AccessTokenGuard },
    { provide: APP_GUARD, useExisting: ScopesGuard },
    { provide: APP_GUARD, useExisting: IntrospectionGuard },
    { provide: APP_FILTER, useClass: ResourceServerErrorFilter },
  ],
  exports: [AccessTokenVerifier, IssuerConnection, ScopedRoutes, ScopeRequirements],
})
export class ResourceServerModule extends ConfigurableResourceServerModule {}
