import type { ScopeDefinition } from '@scopegate/resource-server';

/** The scopes the users module owns. */
export const USERS_SCOPES: readonly ScopeDefinition[] = [
  { name: 'me', description: 'Read information about the current user' },
  { name: 'users:read', description: 'Read user accounts' },
  {
    name: 'users:write',
    description: 'Create user accounts, change their scopes, enable and disable them',
    implies: ['users:read'],
  },
];
