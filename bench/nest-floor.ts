import 'reflect-metadata';
import { Controller, Get, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import type { Answer } from './processes';

/**
 * The NestJS floor: the least a decorator-driven NestJS + Fastify service does per request —
 * Nest's router and response handling — with no guard, no logging and no extra headers,
 * answering the same bytes as the application. Nothing built on NestJS can be faster, so the
 * application's ratio to it says what its own work costs. The parent sends `{port, routes}`.
 */
let routes = new Map<string, Answer>();

@Controller()
class FloorController {
  @Get('status')
  status(@Res({ passthrough: true }) reply: FastifyReply): string {
    return answer('/status/', reply);
  }

  @Get('users/me/items')
  items(@Res({ passthrough: true }) reply: FastifyReply): string {
    return answer('/users/me/items/', reply);
  }

  @Get('forbidden')
  forbidden(@Res({ passthrough: true }) reply: FastifyReply): string {
    return answer('/forbidden/', reply);
  }
}

function answer(path: string, reply: FastifyReply): string {
  const route = routes.get(path)!;
  void reply
    .status(route.status)
    .headers({ 'content-type': 'application/json; charset=utf-8', ...route.headers });
  return route.body;
}

@Module({ controllers: [FloorController] })
class FloorModule {}

process.once('message', (message: { port: number; routes: Record<string, Answer> }) => {
  routes = new Map(Object.entries(message.routes));
  void (async () => {
    const app = await NestFactory.create<NestFastifyApplication>(
      FloorModule,
      new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }),
      { logger: false },
    );
    await app.listen(message.port, '127.0.0.1');
    process.send?.('ready');
  })();
});
