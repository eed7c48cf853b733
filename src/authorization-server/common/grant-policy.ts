import type { ScopeCatalog } from '@scopegate/resource-server';

/**
 * The scopes a user's token gets: requested ∩ what the user may hold now ∩ what the client may
 * be granted for a user, each directly or through an implication (`admin` may be granted
 * anything), both with the scopes every user holds (such as `openid`). Request order is kept.
 */
export function grantableScopes(
  requested: readonly string[],
  user: { readonly scopes: readonly string[] },
  client: { readonly scopes: readonly string[] },
  catalog: ScopeCatalog,
): string[] {
  const byUser = catalog.expandForUser(user.scopes);
  const byClient = catalog.expandForUser(client.scopes);
  return [...new Set(requested)].filter((scope) => byUser.has(scope) && byClient.has(scope));
}
