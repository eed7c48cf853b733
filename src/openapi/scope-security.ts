import {
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { BearerErrorDto } from '../core/errors/bearer-error.dto';
import { BEARER_REALM } from '../core/errors/bearer-error';
import type { ScopedRoute } from '../scopes/scoped-routes';
import { OAUTH2_SCHEME } from './oauth2-password-scheme';

/** The document does not match the application's routes: a programming error. */
export class OpenApiDocumentError extends Error {
  override readonly name = 'OpenApiDocumentError';
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The operationId of a route handler; the document builder gives every operation this id. */
export function operationIdOf(controller: string, handler: string): string {
  return `${controller}_${handler}`;
}

/**
 * Gives every operation the security requirement the guards enforce, read from the same
 * `ScopedRoutes` list: `[{OAuth2PasswordBearer: scopes}]` when protected, `[]` when public, and
 * documents the RFC 6750 401 and 403 responses of protected operations. An operation that
 * matches no route handler is an error, so the document cannot silently drift.
 */
export function applyScopeSecurity(document: OpenAPIObject, routes: readonly ScopedRoute[]): void {
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
      secure(operation, route);
    }
  }
}

function secure(operation: OperationObject, { requirement }: ScopedRoute): void {
  const { isPublic, scopes } = requirement;
  if (isPublic) {
    operation.security = [];
    operation.description = join(operation.description, 'Public: no access token needed');
    return;
  }
  operation.security = [{ [OAUTH2_SCHEME]: [...scopes] }];
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

function unauthorized(scopes: readonly string[]): ResponseObject {
  const scope = scopes.length ? `, scope="${scopes.join(' ')}"` : '';
  return {
    description:
      'No access token, or an invalid, expired or forged one, or its user is deleted or disabled',
    headers: {
      'WWW-Authenticate': {
        description: `RFC 6750 challenge: without a token \`Bearer realm="${BEARER_REALM}"${scope}\`; with a bad one \`error="invalid_token"\` and an \`error_description\``,
        schema: { type: 'string', example: `Bearer realm="${BEARER_REALM}"${scope}` },
      },
    },
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(BearerErrorDto) },
        example: {
          error: 'invalid_token',
          error_description: 'The access token expired',
        },
      },
    },
  };
}

function forbidden(scopes: readonly string[]): ResponseObject {
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
        schema: { $ref: getSchemaPath(BearerErrorDto) },
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
