import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ScopegateJwtStrategy } from './jwt.strategy';
import { RESOURCE_SERVER_OPTIONS, type ResourceServerOptions } from './options';
import { ReportsController } from './reports.controller';

/** Another NestJS service of the organisation, trusting Scopegate's tokens. */
@Module({})
export class ResourceServerModule {
  static forRoot(options: ResourceServerOptions): DynamicModule {
    return {
      module: ResourceServerModule,
      imports: [PassportModule],
      controllers: [ReportsController],
      providers: [{ provide: RESOURCE_SERVER_OPTIONS, useValue: options }, ScopegateJwtStrategy],
    };
  }
}

export async function createResourceServer(
  options: ResourceServerOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ResourceServerModule.forRoot(options),
    new FastifyAdapter(),
    { logger: false },
  );
  await app.init();
  return app;
}
