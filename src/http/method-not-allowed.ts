import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ErrorResponse } from '@scopegate/resource-server';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A request that matched no route, to a path that does exist under other methods (`GET /token`,
 * `POST /.well-known/jwks.json`): 405 with `Allow` (RFC 9110 §15.5.6) rather than a 404 that
 * would suggest the path is wrong. Null when the path exists under no method.
 */
export function methodNotAllowed(request: FastifyRequest): ErrorResponse | null {
  if (request.routeOptions?.url !== undefined) return null;
  const path = request.url.split('?')[0];
  const allowed = METHODS.filter(
    (method) => method !== request.method && request.server.findRoute({ method, url: path }),
  );
  if (allowed.length === 0) return null;
  const status = HttpStatus.METHOD_NOT_ALLOWED;
  return new ErrorResponse(
    status,
    {
      statusCode: status,
      error: STATUS_CODES[status],
      message: `${request.method} is not allowed here; use ${allowed.join(' or ')}`,
    },
    { Allow: allowed.join(', ') },
  );
}
