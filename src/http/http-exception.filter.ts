import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ProtocolError } from '../auth/errors/protocol-error';

/**
 * The last word on every error response. Protocol errors keep their RFC body and headers;
 * other HTTP errors keep Nest's `{statusCode, message, error}`; anything else is logged and
 * answered with a body that reveals nothing (no stack, no SQL).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof ProtocolError) {
      void reply.status(exception.getStatus()).headers(exception.headers).send(exception.body);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      void reply
        .status(status)
        .send(
          typeof body === 'string'
            ? { statusCode: status, error: STATUS_CODES[status], message: body }
            : body,
        );
      return;
    }
    const clientError = asClientError(exception);
    if (clientError) {
      void reply.status(clientError.statusCode).send({
        statusCode: clientError.statusCode,
        error: STATUS_CODES[clientError.statusCode],
        message: clientError.message,
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
}

/** Fastify's own 4xx errors (body too large, malformed JSON, unsupported media type). */
function asClientError(exception: unknown): { statusCode: number; message: string } | null {
  if (!(exception instanceof Error)) return null;
  const statusCode = (exception as { statusCode?: unknown }).statusCode;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  return { statusCode, message: exception.message };
}
