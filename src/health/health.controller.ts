import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Public } from '@scopegate/resource-server';
import { SharedState } from '../redis/shared-state';

/** How long the readiness probe waits for the database before calling it down. */
const DATABASE_PING_TIMEOUT_MS = 1500;

/**
 * Probes for orchestrators and load balancers. Liveness says the process answers HTTP;
 * readiness also pings the database, and Redis when `REDIS_URL` is set, and answers 503 while
 * either is unreachable.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shared: SharedState,
  ) {}

  /** 200 while the process can serve requests. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** 200 when the database (and Redis, if any) answers a ping, 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
      ...(this.shared.isShared ? [() => this.redis()] : []),
    ]);
  }

  private async redis(): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check('redis');
    return (await this.shared.isReachable()) ? indicator.up() : indicator.down();
  }
}
