import type { ScopeDefinition } from '@scopegate/resource-server';

/** The scopes the clients module owns (`admin` implies both). */
export const CLIENTS_SCOPES: readonly ScopeDefinition[] = [
  { name: 'clients:read', description: 'Read OAuth2 clients' },
  {
    name: 'clients:write',
    description: 'Create OAuth2 clients, change them, disable them and rotate their secrets',
    implies: ['clients:read'],
  },
];
