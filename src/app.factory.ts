import helmet from '@fastify/helmet';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, RawRequestDefaultExpression } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { appConfig, type AppConfig } from './config/app.config';
import { logDestination, loggerOptions, RequestLogController } from './http/logger-params';
import { setupOpenApi } from './openapi/openapi.setup';

/**
 * Largest request head Node accepts (its default is 16 KiB). Raised so that an oversized
 * bearer token (up to about 64 KiB) reaches the guard and gets a proper 401 `invalid_token`;
 * beyond this Fastify answers 431 with a JSON body.
 */
export const MAX_HEADER_SIZE = 80 * 1024;

/** A request id we are willing to copy from `X-Request-Id` into our logs. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Content-Security-Policy of the API's JSON responses: nothing may load or frame them. Short,
 * because it is sent on every response (helmet's defaults tripled the size of a small answer
 * and cut the guarded route's throughput by a third in the bench).
 */
export const API_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
};

/**
 * Content-Security-Policy of Swagger UI at /docs: its scripts are files of our own origin
 * ('self'), but it styles itself with inline <style> and data: images. No
 * upgrade-insecure-requests: /docs must also work over plain http (development, TLS ended
 * at a proxy).
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

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
    logger: { ...loggerOptions(config), stream: logDestination() },
    logController: new RequestLogController(),
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
  await app.register(helmet, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // Headers that only old browsers or HTML documents act on; the API answers JSON.
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    originAgentCluster: false,
  });
  addResponseDefaults(fastify);
  closeConnectionsWhenClosing(app.getHttpAdapter().getInstance());
  if (config.corsOrigins.length > 0) {
    // Bearer tokens, not cookies: no credentials, and only the listed origins are echoed.
    app.enableCors({
      origin: config.corsOrigins,
      credentials: false,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['WWW-Authenticate', 'Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
  }
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
    }),
  );
  app.enableShutdownHooks();
  await app.init();
  setupOpenApi(app);
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
 * Every API response carries its request id, and `Cache-Control: no-store`: token responses
 * and user data must never sit in a shared cache. Swagger UI's static files may be cached, and
 * get the page policy they need instead of the API's.
 */
function addResponseDefaults(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/docs')) {
      void reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
    } else {
      void reply.header('cache-control', 'no-store');
    }
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
