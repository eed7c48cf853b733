import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  Public,
  Scopes,
  type AccessTokenPrincipal,
} from '@scopegate/resource-server';

/**
 * Reading reports needs `items:read`; publishing one needs `items:write` as well (the class's
 * scope and the handler's add up). A token holding `items:write` may read: Scopegate's catalog
 * says `items:write` implies `items:read`, and the package applies the same implications.
 */
@ApiTags('reports')
@Controller('reports')
@Scopes('items:read')
export class ReportsController {
  @Get()
  @ApiOperation({ summary: 'The reports the caller may read' })
  list(@CurrentPrincipal() caller: AccessTokenPrincipal) {
    return {
      subject: caller.sub,
      client: caller.clientId,
      actingFor: caller.isClient ? 'itself' : 'a user',
      reports: ['weekly', 'monthly'],
    };
  }

  @Post()
  @HttpCode(201)
  @Scopes('items:write')
  @ApiOperation({ summary: 'Publish a report' })
  publish(@CurrentPrincipal() caller: AccessTokenPrincipal) {
    return { published: true, by: caller.sub };
  }
}

/** Reachable without a token: a load balancer's probe. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  @Public()
  @Get()
  check() {
    return { status: 'ok' };
  }
}
