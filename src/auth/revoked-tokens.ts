import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, MoreThanOrEqual, type Repository } from 'typeorm';
import { RevokedTokenRecord } from './revoked-token.entity';

/** How often the revocations made elsewhere (another instance) are read, and expired ones dropped. */
const RELOAD_INTERVAL_MS = 30_000;

/**
 * Revoked access tokens (RFC 7009), by `jti`. Revocations are stored in the database, so they
 * survive restarts, and held in memory, so the check every protected request makes is a map
 * lookup. Each is kept only until the token would have expired anyway.
 *
 * Another instance's revocations are read every 30 seconds (the several-instances work makes
 * this a change notice).
 */
@Injectable()
export class RevokedTokens implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevokedTokens.name);
  /** jti → when the token expires (ms since the epoch). */
  private readonly revoked = new Map<string, number>();
  private readSince = new Date(0);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(RevokedTokenRecord)
    private readonly records: Repository<RevokedTokenRecord>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) =>
        this.logger.warn(`Revocations not reloaded: ${(error as Error).message}`),
      );
    }, RELOAD_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  isRevoked(jti: string): boolean {
    const expiresAt = this.revoked.get(jti);
    if (expiresAt === undefined) return false;
    if (expiresAt <= Date.now()) {
      this.revoked.delete(jti);
      return false;
    }
    return true;
  }

  /** Revokes the token `jti` until `expiresAt`; revoking it again changes nothing. */
  async revoke(jti: string, expiresAt: Date): Promise<void> {
    await this.records
      .createQueryBuilder()
      .insert()
      .values({ jti, expiresAt })
      .orIgnore()
      .execute();
    this.revoked.set(jti, expiresAt.getTime());
  }

  /** Reads what was revoked since the last read, and forgets what has expired. */
  private async reload(): Promise<void> {
    const now = new Date();
    // A little overlap, so a revocation committed while the last read ran is not missed.
    const since = new Date(this.readSince.getTime() - 5000);
    const rows = await this.records.find({
      where: { revokedAt: MoreThanOrEqual(since), expiresAt: MoreThan(now) },
    });
    for (const row of rows) this.revoked.set(row.jti, row.expiresAt.getTime());
    this.readSince = now;
    for (const [jti, expiresAt] of this.revoked) {
      if (expiresAt <= now.getTime()) this.revoked.delete(jti);
    }
    await this.records.delete({ expiresAt: LessThan(now) });
  }
}
