import type { ScopeDefinition } from '@scopegate/resource-server';

/** The scopes the items module owns. */
export const ITEMS_SCOPES: readonly ScopeDefinition[] = [
  { name: 'items', description: "Read the current user's items" },
  { name: 'items:read', description: 'Read items' },
  { name: 'items:write', description: 'Create and update items', implies: ['items:read'] },
  { name: 'items:delete', description: 'Delete items' },
];
