import type { ScopeDefinition } from '@scopegate/resource-server';

/** The scopes the keys module owns. */
export const KEYS_SCOPES: readonly ScopeDefinition[] = [
  { name: 'keys:read', description: 'List the signing keys and their states' },
  { name: 'keys:write', description: 'Rotate the signing key', implies: ['keys:read'] },
];
