import type { SecuritySchemeObject } from '@nestjs/swagger';
import { scopeDescriptions, type ScopeCatalog } from '@scopegate/resource-server';

/** The name of the one security scheme; every protected operation's requirement refers to it. */
export const OAUTH2_SCHEME = 'OAuth2PasswordBearer';

/** Where the flows get their tokens when the application has no global prefix. */
export const DEFAULT_TOKEN_URL = '/token';

/** Where the authorization-code flow sends the browser. */
export const AUTHORIZATION_URL = '/authorize';

/** Which flows the scheme offers. */
export interface SchemeFlows {
  /** The password flow, while `PASSWORD_GRANT` serves it. */
  readonly password: boolean;
}

/**
 * The OAuth2 scheme: the authorization-code flow with PKCE (users sign in on Scopegate's own
 * page, through the built-in public client), the password flow while it is served, and the
 * client-credentials flow (services), each offering every scope of the catalog, in
 * declaration order, with its description and the scopes it implies (what the Authorize
 * dialog shows beside each box). One scheme, so each operation's one requirement covers all
 * the flows.
 */
export function oauth2PasswordScheme(
  catalog: ScopeCatalog,
  tokenUrl: string = DEFAULT_TOKEN_URL,
  flows: SchemeFlows = { password: true },
): SecuritySchemeObject {
  const scopes = scopeDescriptions(catalog);
  return {
    type: 'oauth2',
    description: [
      "OAuth2. Authorization code (with PKCE, client_id first-party): sign in on Scopegate's login page in the popup; no password ever reaches Swagger UI.",
      flows.password
        ? 'Password flow: a username, a password and the scopes, for the built-in public client first-party (leave client_id empty).'
        : null,
      'Client-credentials flow: a confidential client (the demo has demo-service / demo-service-secret) gets a token of its own for the scopes it may hold.',
    ]
      .filter(Boolean)
      .join(' '),
    flows: {
      authorizationCode: { authorizationUrl: AUTHORIZATION_URL, tokenUrl, scopes },
      ...(flows.password ? { password: { tokenUrl, scopes } } : {}),
      clientCredentials: { tokenUrl, scopes },
    },
  };
}
