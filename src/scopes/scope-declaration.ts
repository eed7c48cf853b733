import type { ScopeDefinition } from '@scopegate/resource-server';

/**
 * The scopes one feature module contributes to the catalog. Registered as a provider by
 * `ScopesModule.forFeature()` and discovered by the catalog at start-up.
 */
export class ScopeDeclaration {
  constructor(
    readonly owner: string,
    readonly scopes: readonly ScopeDefinition[],
  ) {}
}
