import {
  Controller,
  Get,
  HttpCode,
  Module,
  Post,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  CurrentPrincipal,
  Public,
  ResourceServerModule,
  Scopes,
  type AccessTokenPrincipal,
  type ResourceServerOptions,
} from '../../src';
import { AUDIENCE } from './fake-issuer';

/** A service's controller: class-level and handler-level scopes, and a public route. */
@Controller('reports')
@Scopes('reports:read')
export class ReportsController {
  @Get()
  list(@CurrentPrincipal() caller: AccessTokenPrincipal) {
    return {
      sub: caller.sub,
      clientId: caller.clientId,
      isClient: caller.isClient,
      scopes: caller.scopes,
      effectiveScopes: [...caller.effectiveScopes].sort(),
    };
  }

  @Post()
  @HttpCode(201)
  @Scopes('reports:write')
  create() {
    return { created: true };
  }
}

@Controller('health')
export class HealthController {
  @Public()
  @Get()
  check() {
    return { status: 'ok' };
  }
}

/** Each NestJS platform the package is tested on. */
export const PLATFORMS = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
] as const;

export type Platform = (typeof PLATFORMS)[number][1];

/** Starts a service on `platform` trusting `issuer`, listening on a free port. */
export async function startService(
  platform: Platform,
  options: Partial<ResourceServerOptions> & { issuer: string },
  controllers: Type[] = [ReportsController, HealthController],
): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [ResourceServerModule.forRoot({ audience: AUDIENCE, ...options })],
    controllers,
  })
  class ServiceModule {}
  const app = await NestFactory.create(ServiceModule, platform(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url };
}

/** A request to the service, with a bearer token or another Authorization header. */
export async function call(
  url: string,
  path: string,
  options: { token?: string; authorization?: string; method?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const authorization =
    options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers: authorization ? { authorization } : {},
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

/** A 503 of an issuer that cannot answer: `temporarily_unavailable` and a `Retry-After`. */
export function expectUnavailable(
  result: Awaited<ReturnType<typeof call>>,
  description?: string,
): void {
  expect(result.status).toBe(503);
  expect(result.body.error).toBe('temporarily_unavailable');
  if (description) expect(result.body.error_description).toBe(description);
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}
