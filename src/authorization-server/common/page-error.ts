import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorResponse } from '@scopegate/resource-server';
import { asDatabaseOutage } from '../../database/database-unavailable';
import { errorPage, sendPage } from './pages';

/** A failure of a page that ends there: an HTML page with this status, never a redirect. */
export class PageError extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`, status);
  }

  /** 400: the request cannot be used (a bad client or redirect URI, an unknown request id). */
  static badRequest(detail: string): PageError {
    return new PageError(HttpStatus.BAD_REQUEST, 'Invalid request', detail);
  }

  /** 403: the form did not come from this browser's page (CSRF token, Origin, cookie). */
  static forbidden(detail: string): PageError {
    return new PageError(HttpStatus.FORBIDDEN, 'Request refused', detail);
  }

  /** 400: the authorization request is unknown, expired or already used. */
  static requestGone(): PageError {
    return PageError.badRequest(
      'This sign-in request is unknown, expired or already used. Go back to the application and start again.',
    );
  }
}

/**
 * Every error of an HTML page as an HTML page (never JSON, never a redirect), with the pages'
 * headers: a `PageError` as it says; a protocol error (a rate limit, Redis down) with its
 * status and headers (`Retry-After`); a database outage as a 503; anything else logged and
 * answered with a page that reveals nothing.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof PageError) {
      sendPage(reply, exception.getStatus(), errorPage(exception.title, exception.detail));
      return;
    }
    const outage = exception instanceof ErrorResponse ? exception : asDatabaseOutage(exception);
    if (outage) {
      const status = outage.getStatus();
      const [title, detail] =
        status === 429
          ? [
              'Too many attempts',
              'Too many sign-in attempts from your network. Wait a little and try again.',
            ]
          : status >= 500
            ? [
                'Temporarily unavailable',
                'Scopegate cannot answer right now. Try again in a moment.',
              ]
            : ['Invalid request', 'The request could not be used.'];
      sendPage(reply, status, errorPage(title, detail), outage.headers);
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      // Fastify's own refusals: a body that is not a form, too large, and the like.
      sendPage(
        reply,
        exception.getStatus(),
        errorPage('Invalid request', 'The request could not be read.'),
      );
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : exception,
    );
    sendPage(reply, 500, errorPage('Something went wrong', 'Try again in a moment.'));
  }
}
