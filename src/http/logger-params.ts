import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
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
  'token',
  '*.authorization',
  '*.password',
  '*.access_token',
  '*.token',
  '*.*.password',
  '*.*.access_token',
];

/** Credentials sent in a query string (where they are ignored) must not reach the logs either. */
const SECRET_QUERY_PARAMETER = /([?&](?:access_token|token|password|client_secret)=)[^&#]*/gi;

export function redactQuery(url: string | undefined): string | undefined {
  return url?.includes('?') ? url.replace(SECRET_QUERY_PARAMETER, '$1[Redacted]') : url;
}

/**
 * nestjs-pino's configuration: one JSON line per request ("request completed", with the
 * request id Fastify assigned) and Nest's own logs, all at `LOG_LEVEL`. The serializers keep
 * only what identifies a request, so headers and bodies are never serialized at all on the hot
 * path; `redact` covers anything logged explicitly.
 */
export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    // Fastify's request id (see app.factory.ts), which middie copies onto the raw request.
    genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
    serializers: {
      req: (request: IncomingMessage & { id?: string }) => ({
        id: request.id,
        method: request.method,
        url: redactQuery(request.url),
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : 'info',
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
