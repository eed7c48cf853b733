import { ValidationPipe, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { appConfig, type LogLevel } from './config/app.config';
import { setupOpenApi } from './openapi/openapi.setup';

const NEST_LEVELS: Record<LogLevel, NestLogLevel[] | false> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  silent: false,
};

/**
 * Builds the application exactly as it is served: `main.ts` listens on it, the end-to-end
 * tests and the benchmark listen on it too.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const config = appConfig();
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Nest's Fastify adapter parses JSON and application/x-www-form-urlencoded (the token
  // endpoint's encoding, RFC 6749 §4.3.2) itself.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: NEST_LEVELS[config.logLevel],
    abortOnError: false,
  });
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
