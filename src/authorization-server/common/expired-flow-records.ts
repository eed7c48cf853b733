import { runEvery } from '../../core/run-every';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { tokensConfig, type TokensConfig } from '../../config/tokens.config';
import { AuthorizationCodes } from './authorization-codes';
import { AuthorizationRequests } from './authorization-requests';

/** How often expired authorization requests and codes are deleted. */
const PURGE_INTERVAL_MS = 3_600_000;

/**
 * Deletes, every hour, the authorization requests that expired and the codes that can revoke
 * nothing any more (expired longer ago than an access token lives).
 */
@Injectable()
export class ExpiredFlowRecords implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ExpiredFlowRecords.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly requests: AuthorizationRequests,
    private readonly codes: AuthorizationCodes,
    @Inject(tokensConfig.KEY) private readonly tokens: TokensConfig,
  ) {}

  onModuleInit(): void {
    this.timer = runEvery(
      PURGE_INTERVAL_MS,
      () => this.purge(),
      this.logger,
      'Authorization requests not purged',
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    const requests = await this.requests.purge();
    const codes = await this.codes.purge(
      this.tokens.accessTokenTtlSeconds + this.tokens.clockToleranceSeconds,
    );
    return requests + codes;
  }
}
