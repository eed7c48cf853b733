import type { INestApplicationContext } from '@nestjs/common';
import { IssuerConnection } from '../remote/issuer-connection';
import { ScopedRoutes } from '../scoped-routes';
import type { OAuth2SecurityScheme, OpenApiDocument } from './openapi-types';
import { applyScopeSecurity, scopeDescriptions } from './scope-security';

/** The name of the security scheme the wiring adds to a service's document. */
export const SCOPEGATE_SCHEME = 'Scopegate';

/**
 * Gives a service's OpenAPI document (from `SwaggerModule.createDocument`) an OAuth2 scheme
 * pointing at Scopegate (authorization code with PKCE for people, client credentials for
 * services, every scope of Scopegate's catalog) and each operation the exact requirement its
 * guards enforce, so the service's Swagger UI can Authorize against Scopegate. When Scopegate
 * cannot be reached, the scheme uses its usual URLs and the scopes the routes require.
 */
export async function applyScopegateOpenApi(
  app: INestApplicationContext,
  document: OpenApiDocument,
): Promise<void> {
  const routes = app.get(ScopedRoutes).list();
  const issuer = app.get(IssuerConnection);
  let authorizationUrl = `${issuer.issuer}/authorize`;
  let tokenUrl = `${issuer.issuer}/token`;
  let scopes: Record<string, string>;
  try {
    const { metadata, catalog } = await issuer.connection();
    authorizationUrl = metadata.authorizationEndpoint ?? authorizationUrl;
    tokenUrl = metadata.tokenEndpoint ?? tokenUrl;
    scopes = scopeDescriptions(catalog);
  } catch {
    scopes = {};
    for (const route of routes) for (const scope of route.requirement.scopes) scopes[scope] = scope;
  }
  const scheme: OAuth2SecurityScheme = {
    type: 'oauth2',
    description:
      "Scopegate's access tokens. Authorization code (with PKCE): sign in on Scopegate's page in the popup. Client credentials: a confidential client of Scopegate.",
    flows: {
      authorizationCode: { authorizationUrl, tokenUrl, scopes },
      clientCredentials: { tokenUrl, scopes },
    },
  };
  document.components = {
    ...document.components,
    securitySchemes: { ...document.components?.securitySchemes, [SCOPEGATE_SCHEME]: scheme },
  };
  applyScopeSecurity(document, routes, SCOPEGATE_SCHEME);
}

/**
 * `SwaggerModule.setup`'s options for a Swagger UI that signs in through Scopegate with the
 * authorization-code flow and PKCE, as `clientId` (a public client of Scopegate whose redirect
 * URIs include this UI's `…/oauth2-redirect.html`).
 */
export function scopegateSwaggerUiOptions(clientId: string): {
  swaggerOptions: Record<string, unknown>;
} {
  return {
    swaggerOptions: {
      initOAuth: { clientId, usePkceWithAuthorizationCodeGrant: true },
      persistAuthorization: false,
    },
  };
}
