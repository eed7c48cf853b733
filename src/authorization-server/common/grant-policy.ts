import type { ScopeCatalog } from '../../scopes/scope-catalog';

/**
 * The scopes a token gets: those requested that the user may hold, directly or through an
 * implication of a scope they hold (`admin` may be granted anything). Request order is kept.
 */
export function grantScopes(
  requested: readonly string[],
  allowed: readonly string[],
  catalog: ScopeCatalog,
): string[] {
  const holdable = catalog.expand(allowed);
  return [...new Set(requested)].filter((scope) => holdable.has(scope));
}

/** Requested ∩ what the user may hold now ∩ what the client may be granted. */
export function grantableScopes(
  requested: readonly string[],
  user: { readonly scopes: readonly string[] },
  client: { readonly scopes: readonly string[] },
  catalog: ScopeCatalog,
): string[] {
  return grantScopes(grantScopes(requested, user.scopes, catalog), client.scopes, catalog);
}
