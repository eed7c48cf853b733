import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@scopegate/resource-server';

/** A 4xx the request itself caused (malformed body, wrong media type, too large, invalid DTO). */
export interface ClientError {
  readonly status: number;
  /** A precise, safe description of what is wrong. */
  readonly message: string;
}

/** Turns a route's client errors into the answer its protocol prescribes. */
export type ClientErrorMapper = (error: ClientError) => ErrorResponse;

const CLIENT_ERROR_MAPPER = 'scopegate:clientErrorMapper';

/**
 * Declares how a route answers client errors that happen before its handler runs, such as
 * Fastify refusing the body: `@ClientErrorsAs(formRequestError)` makes the token endpoint
 * answer them in RFC 6749's shape. Kept in Fastify's route config, so the global exception
 * filter finds it even for errors raised before Nest's router is reached.
 */
export const ClientErrorsAs = (mapper: ClientErrorMapper) =>
  RouteConfig({ [CLIENT_ERROR_MAPPER]: mapper });

/** The mapper the matched route declared, if any. */
export function clientErrorMapperOf(request: FastifyRequest): ClientErrorMapper | undefined {
  const config = request.routeOptions?.config as unknown as Record<string, unknown> | undefined;
  const mapper = config?.[CLIENT_ERROR_MAPPER];
  return typeof mapper === 'function' ? (mapper as ClientErrorMapper) : undefined;
}
