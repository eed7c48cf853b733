import { runEvery } from '../core/run-every';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, MoreThanOrEqual, type Repository } from 'typeorm';
import { ChangeNotices } from '../redis/change-notices';
import { RevokedTokenRecord } from './revoked-token.entity';

/**
 * How often one instance reads the revocations again, and drops expired ones. With several
 * instances, change notices bring others' revocations at once, and this is the catch-up
 * (`ChangeNotices.catchUpIntervalMs`, 4 s) instead.
 */
const RELOAD_INTERVAL_MS = 30_000;

/** The change notice of revocations made by another instance: `[jti, expires at (ms)]` pairs. */
const TOKENS_REVOKED = 'tokens.revoked';

/**
 * Revoked access tokens (RFC 7009), by `jti`. Revocations are stored in the database, so they
 * survive restarts, and held in memory, so the check every protected request makes is a map
 * lookup. Each is kept only until the token would have expired anyway.
 *
 * Other instances hear of a revocation by a change notice, and read them all again regularly.
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
    private readonly notices: ChangeNotices,
  ) {
    notices.on(TOKENS_REVOKED, ({ tokens }) => {
      if (!Array.isArray(tokens)) return;
      for (const token of tokens as unknown[]) {
        const [jti, expiresAt] = Array.isArray(token) ? (token as unknown[]) : [];
        if (typeof jti === 'string' && typeof expiresAt === 'number') {
          this.revoked.set(jti, expiresAt);
        }
      }
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = runEvery(
      this.notices.catchUpIntervalMs ?? RELOAD_INTERVAL_MS,
      () => this.reload(),
      this.logger,
      'Revocations not reloaded',
    );
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
  revoke(jti: string, expiresAt: Date): Promise<void> {
    return this.revokeAll([{ jti, expiresAt }]);
  }

  /** Revokes several tokens at once (a session's); those already expired are skipped. */
  async revokeAll(tokens: readonly { jti: string; expiresAt: Date }[]): Promise<void> {
    const now = Date.now();
    const live = tokens.filter((token) => token.expiresAt.getTime() > now);
    if (live.length === 0) return;
    await this.records.createQueryBuilder().insert().values(live).orIgnore().execute();
    for (const { jti, expiresAt } of live) this.revoked.set(jti, expiresAt.getTime());
    await this.notices.publish(TOKENS_REVOKED, {
      tokens: live.map(({ jti, expiresAt }) => [jti, expiresAt.getTime()]),
    });
  }

  /** Reads what was revoked since the last read, and forgets what has expired. */
  private async reload(): Promise<void> {
    const now = new Date(Date.now());
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
