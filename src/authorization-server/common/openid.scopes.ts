import type { ScopeDefinition } from '@scopegate/resource-server';

/** The OpenID Connect scope that asks for an ID token (OIDC Core §3.1.2.1). */
export const OPENID_SCOPE = 'openid';

/**
 * OpenID Connect's scopes (OIDC Core §5.4), owned by the authorization server: about the user
 * themself, so every user holds them and any client signing a user in may ask for them (the
 * consent page still asks the user).
 */
export const OPENID_SCOPES: readonly ScopeDefinition[] = [
  { name: OPENID_SCOPE, description: 'Sign you in: who you are (an ID token)', ofEveryUser: true },
  {
    name: 'profile',
    description: 'Your name and username',
    ofEveryUser: true,
  },
  { name: 'email', description: 'Your email address', ofEveryUser: true },
];
