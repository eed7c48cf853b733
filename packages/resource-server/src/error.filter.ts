import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ErrorResponse } from './errors';

/**
 * Writes an `ErrorResponse` (the RFC 6750 401/403, the 503 of an unreachable issuer) as it
 * is: status, headers (`WWW-Authenticate`, `Retry-After`) and body. Nest's own handler would
 * drop the headers. Through the HTTP adapter, so Express and Fastify answer alike.
 */
@Catch(ErrorResponse)
export class ResourceServerErrorFilter implements ExceptionFilter<ErrorResponse> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: ErrorResponse, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(error.headers)) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.reply(response, error.body, error.getStatus());
  }
}
