import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBaseLogger, FastifyInstance, RawRequestDefaultExpression } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { isPageUrl } from './authorization-server/common/pages';
import { appConfig, type AppConfig } from './config/app.config';
import { AppValidationPipe } from './http/validation.pipe';
import { logDestination, RequestLogController, requestLogOptions } from './http/logger-params';
import { API_HELMET_OPTIONS, DOCS_HELMET_OPTIONS, helmetHeaders } from './http/security-headers';
import { DOCS_PATH, setupOpenApi } from './openapi/openapi.setup';

/**
 * Largest request head Node accepts (its default is 16 KiB). Raised so that an oversized
 * bearer token (up to about 64 KiB) reaches the guard and gets a proper 401 `invalid_token`;
 * beyond this Fastify answers 431 with a JSON body.
 */
export const MAX_HEADER_SIZE = 80 * 1024;

/** A request id we are willing to copy from `X-Request-Id` into our logs. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the application exactly as it is served: `main.ts` listens on it, the end-to-end
 * tests and the benchmark listen on it too.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const config = appConfig();
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    http: { maxHeaderSize: MAX_HEADER_SIZE },
    requestIdHeader: false,
    // One line per request, through the options and the writer Nest's logs use too.
    logger: { ...requestLogOptions(config), stream: logDestination() },
    logController: new RequestLogController(),
    // No child logger per request: the one request line names its request id itself.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    genReqId: (request: RawRequestDefaultExpression) => requestIdOf(request, config),
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Nest's Fastify adapter parses JSON and application/x-www-form-urlencoded (the token
  // endpoint's encoding, RFC 6749 §4.3.2) itself, within `bodyLimit`.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  addResponseDefaults(fastify);
  closeConnectionsWhenClosing(app.getHttpAdapter().getInstance());
  if (config.corsOrigins.length > 0) {
    // Bearer tokens, not cookies: no credentials, and only the listed origins are echoed.
    const cors = {
      origin: config.corsOrigins,
      credentials: false,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['WWW-Authenticate', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    };
    // The HTML pages (/authorize, login, consent) are never readable from another origin.
    const none = { origin: false };
    app.enableCors({
      delegator: (request, callback) => callback(null, isPageUrl(request.url ?? '') ? none : cors),
    });
  }
  app.useGlobalPipes(
    new AppValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
    }),
  );
  app.enableShutdownHooks();
  await app.init();
  if (config.docsEnabled) setupOpenApi(app);
  return app;
}

/**
 * The proxy's `X-Request-Id` when a proxy is trusted (so one id follows a request across
 * services), otherwise a fresh UUID.
 */
function requestIdOf(request: RawRequestDefaultExpression, config: AppConfig): string {
  const incoming = request.headers['x-request-id'];
  if (config.trustProxy !== false && typeof incoming === 'string' && REQUEST_ID.test(incoming)) {
    return incoming;
  }
  return randomUUID();
}

/**
 * Every response carries helmet's security headers and its request id; API responses also
 * carry `Cache-Control: no-store` (token responses and user data must never sit in a shared
 * cache), while Swagger UI's files may be cached and get the page policy they need.
 */
function addResponseDefaults(fastify: FastifyInstance): void {
  const api = { ...helmetHeaders(API_HELMET_OPTIONS), 'cache-control': 'no-store' };
  const docs = helmetHeaders(DOCS_HELMET_OPTIONS);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith(DOCS_PATH) ? docs : api);
    void reply.header('x-request-id', request.id);
    done();
  });
}

/**
 * On shutdown (SIGTERM → `app.close()`), Fastify stops accepting connections and waits for
 * the open ones. A keep-alive connection busy at that moment would otherwise stay open after
 * its response until the keep-alive timeout (72 s); `Connection: close` on every response
 * sent while closing lets in-flight requests finish and the process exit promptly.
 */
function closeConnectionsWhenClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
