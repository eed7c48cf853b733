import { Global, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import {
  ScopeCatalog,
  type ScopeDefinition,
  ScopedRoutes,
  ScopeRequirements,
  ScopesGuard,
} from '@scopegate/resource-server';
import { ScopeDeclaration } from './scope-declaration';

/** The scope that implies every other one. */
export const ADMIN_SCOPE = 'admin';

/** Scopes that belong to no single feature. */
export const CORE_SCOPES: readonly ScopeDefinition[] = [
  { name: ADMIN_SCOPE, description: 'Full access', impliesAll: true },
];

/** A module that only carries one feature's scope declaration. */
@Module({})
export class ScopeDeclarationsModule {}

/**
 * The scope machinery: the catalog (the union of every module's declaration), the reader of
 * route requirements and the guard. Global, so features only call `forFeature`.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: ScopeDeclaration, useValue: new ScopeDeclaration('ScopesModule', CORE_SCOPES) },
    {
      provide: ScopeCatalog,
      inject: [DiscoveryService],
      // Declarations are value providers, resolved as soon as modules are scanned.
      useFactory: (discovery: DiscoveryService) =>
        ScopeCatalog.fromDeclarations(
          discovery
            .getProviders()
            .map((wrapper) => wrapper.instance as unknown)
            .filter(
              (instance): instance is ScopeDeclaration => instance instanceof ScopeDeclaration,
            ),
        ),
    },
    ScopeRequirements,
    ScopedRoutes,
    ScopesGuard,
  ],
  exports: [ScopeCatalog, ScopeRequirements, ScopedRoutes, ScopesGuard],
})
export class ScopesModule implements OnModuleInit {
  constructor(
    private readonly routes: ScopedRoutes,
    private readonly catalog: ScopeCatalog,
  ) {}

  /** Refuses to start when a route requires a scope no module declares. */
  onModuleInit(): void {
    this.routes.assertDeclaredIn(
      this.catalog,
      "no module declares; add it to the module's ScopesModule.forFeature() list",
    );
  }

  /**
   * Declares the scopes a feature module owns. Import it in that module:
   * `imports: [ScopesModule.forFeature('ItemsModule', ITEMS_SCOPES)]`.
   */
  static forFeature(owner: string, scopes: readonly ScopeDefinition[]): DynamicModule {
    return {
      module: ScopeDeclarationsModule,
      providers: [
        { provide: `ScopeDeclaration:${owner}`, useValue: new ScopeDeclaration(owner, scopes) },
      ],
    };
  }
}
