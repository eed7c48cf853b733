import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { DOCS_PATH } from '../config/app.config';
import { clientsConfig } from '../config/clients.config';
import { createOpenApiDocument } from './openapi-document';

export { DOCS_PATH };

/** The document's path. */
export const OPENAPI_JSON_PATH = '/openapi.json';

/**
 * Serves Swagger UI at /docs and the document at /openapi.json. Both are registered on the
 * HTTP adapter, outside Nest's router, so the global guards never see them: they are public.
 * Call after `app.init()`, when the route requirements are known.
 */
export function setupOpenApi(app: INestApplication): void {
  // Read from the environment, like the clients feature: a test module may not load it.
  const clients = clientsConfig();
  SwaggerModule.setup(DOCS_PATH, app, createOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Scopegate API',
    swaggerOptions: {
      // Keeps the Authorize dialog's token across page reloads (in localStorage).
      persistAuthorization: true,
      // The UI is served from local files; it must not call the public validator either.
      validatorUrl: null,
      // The authorizationCode flow: back from Scopegate's login page to the built-in client's
      // registered redirect URI (from the issuer, never the request), with PKCE.
      oauth2RedirectUrl: clients.publicClientRedirectUris[0],
      initOAuth: {
        clientId: clients.publicClientId,
        usePkceWithAuthorizationCodeGrant: true,
      },
    },
  });
}
