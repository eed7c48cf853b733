import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { createOpenApiDocument } from './openapi-document';

/** Swagger UI's path, and the document's. */
export const DOCS_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/openapi.json';

/**
 * Serves Swagger UI at /docs and the document at /openapi.json. Both are registered on the
 * HTTP adapter, outside Nest's router, so the global guards never see them: they are public.
 * Call after `app.init()`, when the route requirements are known.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, createOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Scopegate API',
    swaggerOptions: {
      // Keeps the Authorize dialog's token across page reloads (in localStorage).
      persistAuthorization: true,
      // The UI is served from local files; it must not call the public validator either.
      validatorUrl: null,
    },
  });
}
