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
import { OAuth2Error } from '../auth/errors/oauth2-error';
import { ProtocolError } from '../auth/errors/protocol-error';
import { appConfig, type AppConfig } from '../config/app.config';
import { isDatabaseUnavailable } from '../database/database-unavailable';

const PAYLOAD_TOO_LARGE: number = HttpStatus.PAYLOAD_TOO_LARGE;
const UNSUPPORTED_MEDIA_TYPE: number = HttpStatus.UNSUPPORTED_MEDIA_TYPE;

/** How long a client should wait before retrying when the database is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The last word on every error response, including Fastify's own (malformed JSON, body too
 * large, unsupported media type), which Nest hands over as `HttpException`s:
 * - protocol errors keep their RFC body and headers;
 * - on `POST /token` every other client error becomes RFC 6749 `invalid_request`;
 * - other HTTP errors keep Nest's `{statusCode, error, message}` (or the body they carry);
 * - an unreachable database is a 503 with `Retry-After`;
 * - anything else is logged and answered with a body that reveals nothing (no stack, no SQL).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(@Inject(appConfig.KEY) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (exception instanceof ProtocolError) {
      this.sendProtocolError(reply, exception);
      return;
    }
    const clientError = this.asClientError(exception);
    if (clientError) {
      if (isTokenEndpoint(request)) {
        this.sendProtocolError(reply, tokenRequestError(clientError));
        return;
      }
      void reply.status(clientError.status).send(clientError.body);
      return;
    }
    if (exception instanceof HttpException) {
      // A deliberate 5xx, such as the readiness probe's 503: its body says what is down.
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      void reply.status(status).header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS)).send({
        statusCode: status,
        error: STATUS_CODES[status],
        message: 'The database is unavailable; retry later',
      });
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

  private sendProtocolError(reply: FastifyReply, error: ProtocolError): void {
    void reply.status(error.getStatus()).headers(error.headers).send(error.body);
  }

  /**
   * A 4xx `HttpException` (Nest's, or Fastify's mapped by Nest), or one of Fastify's raw
   * errors with a 4xx `statusCode`. Fastify's terse messages are replaced by precise ones.
   */
  private asClientError(exception: unknown): ClientError | null {
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

interface ClientError {
  status: number;
  body: unknown;
  message: string;
}

function isTokenEndpoint(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions?.url === '/token';
}

/** RFC 6749 §5.2: a malformed token request is `invalid_request` (413 keeps its status). */
function tokenRequestError(error: ClientError): OAuth2Error {
  if (error.status === PAYLOAD_TOO_LARGE) {
    return OAuth2Error.invalidRequest(error.message, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return OAuth2Error.invalidRequest(
    'The request body must be application/x-www-form-urlencoded (RFC 6749 §4.3.2)',
  );
}
