import { BEARER_REALM } from '../errors';
import type { ScopeCatalog } from '../scope-catalog';
import type { ScopedRoute } from '../scoped-routes';
import { HTTP_METHODS, type OpenApiDocument, type OpenApiOperation } from './openapi-types';

/** The document does not match the application's routes: a programming error. */
export class OpenApiDocumentError extends Error {
  override readonly name = 'OpenApiDocumentError';
}

/** The schema of the RFC 6750 error bodies, under `components.schemas`. */
export const BEARER_ERROR_SCHEMA = 'BearerError';

/** `@nestjs/swagger`'s default operationId of a route handler. */
export function operationIdOf(controller: string, handler: string): string {
  return `${controller}_${handler}`;
}

/**
 * Each scope of the catalog with the text the Authorize dialog shows beside its box: its
 * description and what it implies, in declaration order.
 */
export function scopeDescriptions(catalog: ScopeCatalog): Record<string, string> {
  const allImplying = new Set(
    catalog.definitions.filter((definition) => definition.impliesAll).map(({ name }) => name),
  );
  const scopes: Record<string, string> = {};
  for (const { name, description } of catalog.definitions) {
    const implied = [...catalog.closureOf(name)].filter((scope) => scope !== name).sort();
    if (allImplying.has(name) || implied.some((scope) => allImplying.has(scope))) {
      scopes[name] = `${description} (implies every scope)`;
    } else if (implied.length > 0) {
      scopes[name] = `${description} (implies ${implied.join(', ')})`;
    } else {
      scopes[name] = description;
    }
  }
  return scopes;
}

/**
 * Gives every operation the security requirement the guards enforce, read from the same
 * `ScopedRoutes` list: `[{<scheme>: scopes}]` when protected, `[]` when public, and documents
 * the RFC 6750 401 and 403 responses of protected operations. Operations are matched to
 * handlers by operationId (`Controller_handler`, Nest's default); one that matches no route
 * handler is an error, so the document cannot silently drift.
 */
export function applyScopeSecurity(
  document: OpenApiDocument,
  routes: readonly ScopedRoute[],
  scheme: string,
): void {
  const byOperationId = new Map<string, ScopedRoute>();
  for (const route of routes) {
    const id = operationIdOf(route.controller, route.handler);
    if (byOperationId.has(id)) {
      throw new OpenApiDocumentError(
        `Two route handlers are both named ${route.controller}.${route.handler}; give the controllers distinct class names`,
      );
    }
    byOperationId.set(id, route);
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const route = operation.operationId ? byOperationId.get(operation.operationId) : undefined;
      if (!route) {
        throw new OpenApiDocumentError(
          `${where} (operationId ${String(operation.operationId)}) matches no route handler`,
        );
      }
      if (route.method !== 'ALL' && route.method.toLowerCase() !== method) {
        throw new OpenApiDocumentError(`${where} is documented for a ${route.method} handler`);
      }
      secure(operation, route, scheme);
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [BEARER_ERROR_SCHEMA]: BEARER_ERROR },
  };
}

const BEARER_ERROR = {
  type: 'object',
  description:
    "The body of a protected route's 401 or 403 (RFC 6750 §3), mirroring `WWW-Authenticate`",
  required: ['error', 'error_description'],
  properties: {
    error: {
      type: 'string',
      enum: ['unauthorized', 'invalid_token', 'invalid_request', 'insufficient_scope'],
      description: '"unauthorized" when no token was sent',
      example: 'insufficient_scope',
    },
    error_description: {
      type: 'string',
      example: 'The access token does not grant every scope this route requires',
    },
    scope: {
      type: 'string',
      description: 'Every scope the route requires, space-separated (on insufficient_scope)',
      example: 'me items',
    },
  },
};

function secure(operation: OpenApiOperation, { requirement }: ScopedRoute, scheme: string): void {
  const { isPublic, scopes } = requirement;
  if (isPublic) {
    operation.security = [];
    operation.description = join(operation.description, 'Public: no access token needed');
    return;
  }
  operation.security = [{ [scheme]: [...scopes] }];
  operation.description = join(
    operation.description,
    scopes.length
      ? `Requires scopes: ${scopes.map((scope) => `\`${scope}\``).join(', ')}`
      : 'Requires a valid access token (no particular scope)',
  );
  operation.responses['401'] = unauthorized(scopes);
  // A valid token with no required scope always passes the scope guard.
  if (scopes.length) operation.responses['403'] = forbidden(scopes);
}

const BEARER_ERROR_REF = { $ref: `#/components/schemas/${BEARER_ERROR_SCHEMA}` };

function unauthorized(scopes: readonly string[]): object {
  const scope = scopes.length ? `, scope="${scopes.join(' ')}"` : '';
  return {
    description:
      'No access token, or an invalid, expired or forged one, or its subject may no longer use it',
    headers: {
      'WWW-Authenticate': {
        description: `RFC 6750 challenge: without a token \`Bearer realm="${BEARER_REALM}"${scope}\`; with a bad one \`error="invalid_token"\` and an \`error_description\``,
        schema: { type: 'string', example: `Bearer realm="${BEARER_REALM}"${scope}` },
      },
    },
    content: {
      'application/json': {
        schema: BEARER_ERROR_REF,
        example: { error: 'invalid_token', error_description: 'The access token expired' },
      },
    },
  };
}

function forbidden(scopes: readonly string[]): object {
  const scope = scopes.join(' ');
  return {
    description: `The token is valid but does not grant every required scope (${scope})`,
    headers: {
      'WWW-Authenticate': {
        description: 'RFC 6750 challenge naming every scope the route requires',
        schema: {
          type: 'string',
          example: `Bearer realm="${BEARER_REALM}", error="insufficient_scope", error_description="The access token does not grant every scope this route requires", scope="${scope}"`,
        },
      },
    },
    content: {
      'application/json': {
        schema: BEARER_ERROR_REF,
        example: {
          error: 'insufficient_scope',
          error_description: 'The access token does not grant every scope this route requires',
          scope,
        },
      },
    },
  };
}

function join(description: string | undefined, sentence: string): string {
  return description ? `${description}\n\n${sentence}` : sentence;
}
