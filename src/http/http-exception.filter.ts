import {
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ErrorResponse } from '@scopegate/resource-server';
import { clientErrorMapperOf, type ClientError } from '../core/client-errors.decorator';
import { appConfig, type AppConfig } from '../config/app.config';
import { asDatabaseOutage } from '../database/database-unavailable';
import { methodNotAllowed } from './method-not-allowed';

const PAYLOAD_TOO_LARGE: number = HttpStatus.PAYLOAD_TOO_LARGE;
const UNSUPPORTED_MEDIA_TYPE: number = HttpStatus.UNSUPPORTED_MEDIA_TYPE;

/**
 * The last word on every error response, including Fastify's own (malformed JSON, body too
 * large, unsupported media type), which Nest hands over as `HttpException`s. It decides
 * nothing itself; it dispatches:
 * - an `ErrorResponse` (protocol errors, outages) was answered by the concern that threw it;
 * - a request to an existing path with the wrong method is a 405 with `Allow`;
 * - a client error goes to the route's `@ClientErrorsAs()` mapper, or keeps Nest's
 *   `{statusCode, error, message}` shape;
 * - a deliberate 5xx (the readiness probe's 503) keeps its body;
 * - the database layer recognises its outages;
 * - anything else is logged and answered with a body that reveals nothing (no stack, no SQL).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(@Inject(appConfig.KEY) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof ErrorResponse) {
      send(reply, exception as ErrorResponse);
      return;
    }
    const clientError = this.asClientError(exception);
    if (clientError) {
      const request = http.getRequest<FastifyRequest>();
      const wrongMethod =
        clientError.status === (HttpStatus.NOT_FOUND as number) ? methodNotAllowed(request) : null;
      if (wrongMethod) {
        send(reply, wrongMethod);
        return;
      }
      const mapper = clientErrorMapperOf(request);
      if (mapper) send(reply, mapper(clientError));
      else void reply.status(clientError.status).send(clientError.body);
      return;
    }
    if (exception instanceof HttpException) {
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    const outage = asDatabaseOutage(exception);
    if (outage) {
      this.logger.warn(`Database unavailable: ${outage.reason}`);
      send(reply, outage);
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : exception,
    );
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    void reply.status(status).send({
      statusCode: status,
      error: STATUS_CODES[status],
      message: 'An unexpected error occurred',
    });
  }

  /**
   * A 4xx `HttpException` (Nest's, or Fastify's mapped by Nest), or one of Fastify's raw
   * errors with a 4xx `statusCode`. Fastify's terse messages are replaced by precise ones.
   */
  private asClientError(exception: unknown): (ClientError & { body: unknown }) | null {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) return null;
      const body = exception.getResponse();
      const message = this.describe(status) ?? (typeof body === 'string' ? body : undefined);
      if (message === undefined) return { status, body, message: exception.message };
      return {
        status,
        body: { statusCode: status, error: STATUS_CODES[status], message },
        message,
      };
    }
    if (!(exception instanceof Error)) return null;
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status !== 'number' || status < 400 || status >= 500) return null;
    const message = this.describe(status) ?? exception.message;
    return { status, body: { statusCode: status, error: STATUS_CODES[status], message }, message };
  }

  private describe(status: number): string | undefined {
    if (status === PAYLOAD_TOO_LARGE) {
      return `The request body is larger than the limit of ${this.config.bodyLimit} bytes`;
    }
    if (status === UNSUPPORTED_MEDIA_TYPE) {
      return 'Unsupported Content-Type: send application/json';
    }
    return undefined;
  }
}

function send(reply: FastifyReply, error: ErrorResponse): void {
  void reply.status(error.getStatus()).headers(error.headers).send(error.body);
}
