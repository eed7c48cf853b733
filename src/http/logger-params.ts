import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import type { AppConfig } from '../config/app.config';

/**
 * Paths pino replaces with "[Redacted]" wherever they appear in a log line: credentials in
 * headers, passwords and tokens in bodies or in objects someone logs by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'authorization',
  'password',
  'access_token',
  'refresh_token',
  'client_secret',
  'clientSecret',
  'token',
  'code',
  'code_verifier',
  'csrf_token',
  '*.authorization',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.clientSecret',
  '*.token',
  '*.*.password',
  '*.*.access_token',
  '*.*.refresh_token',
];

/**
 * Credentials sent in a query string (ignored or refused) must not reach the logs either, nor
 * the id of a sign-in in progress (`/login?request_id=…`).
 */
const SECRET_QUERY_PARAMETER =
  /([?&](?:access_token|refresh_token|token|password|client_secret|code|code_verifier|csrf_token|request_id)=)[^&#]*/gi;

export function redactQuery(url: string | undefined): string | undefined {
  return url?.includes('?') ? url.replace(SECRET_QUERY_PARAMETER, '$1[Redacted]') : url;
}

/**
 * The pino options of the request log (Fastify's): serializers that keep only what identifies
 * a request, so headers and bodies are never serialized. Its lines are built from those
 * allow-listed fields alone (the query string already redacted), so they need no `redact` pass,
 * which cost a tenth of the guarded route's throughput.
 */
export function requestLogOptions(config: Pick<AppConfig, 'logLevel'>) {
  return {
    level: config.logLevel,
    serializers: {
      req: (request: { id?: string; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        url: redactQuery(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

/**
 * The pino options of every other line (Nest's and the application's logs): the request log's,
 * plus redaction of credentials wherever they appear in what someone chose to log.
 */
export function loggerOptions(config: Pick<AppConfig, 'logLevel'>) {
  return {
    ...requestLogOptions(config),
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
  };
}

let stdout: DestinationStream | undefined;

/**
 * The process's one writer to stdout, shared by Fastify's request log and Nest's logs. It is
 * asynchronous: lines written while a write is in flight go out together (a synchronous write
 * per request line cost a fifth of the guarded route's throughput), and pino flushes it on
 * exit.
 */
export function logDestination(): DestinationStream {
  return (stdout ??= pino.destination({ dest: 1, sync: false }));
}

/**
 * nestjs-pino's configuration: Nest's own logs as JSON through pino. It installs **no**
 * per-request middleware (`forRoutes: []`): on Fastify that middleware runs through
 * @fastify/middie and pino-http, whose cost per request `npm run bench` shows plainly.
 * Requests are logged by Fastify itself instead, one line each (`RequestLogController`).
 */
export function loggerParams(
  config: Pick<AppConfig, 'logLevel'>,
  destination?: DestinationStream,
): Params {
  const options = loggerOptions(config);
  return { pinoHttp: [options, destination ?? logDestination()], forRoutes: [] };
}

/**
 * Fastify's request logging, one line per request: when it completes, with the request's id,
 * method and url, its status and its duration (no separate "incoming request" line).
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      reqId: request.id,
      req: request,
      res: reply,
      responseTime: reply.elapsedTime,
    };
    if (error || reply.statusCode >= 500) {
      reply.log.error({ ...fields, err: error }, 'request completed');
    } else {
      reply.log.info(fields, 'request completed');
    }
  }
}
