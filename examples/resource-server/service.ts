import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  applyScopegateOpenApi,
  ResourceServerModule,
  scopegateSwaggerUiOptions,
  type ResourceServerOptions,
} from '@scopegate/resource-server';
import { HealthController, ReportsController } from './reports.controller';

/**
 * Another NestJS service of the organisation (on Express, Nest's default platform), trusting
 * Scopegate's tokens: one import of `ResourceServerModule` and every route needs a valid
 * access token, `@Scopes()` says which scopes, `@Public()` opens a route.
 */
export async function createService(
  options: ResourceServerOptions,
  swaggerClientId = 'reports-docs',
): Promise<INestApplication> {
  @Module({
    imports: [ResourceServerModule.forRoot(options)],
    controllers: [ReportsController, HealthController],
  })
  class ReportsServiceModule {}

  const app = await NestFactory.create(ReportsServiceModule, { logger: ['error', 'warn'] });
  // Swagger UI at /docs, authorizing against Scopegate (authorization code with PKCE).
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Reports').build(),
  );
  await applyScopegateOpenApi(app, document);
  SwaggerModule.setup('docs', app, document, scopegateSwaggerUiOptions(swaggerClientId));
  return app;
}
