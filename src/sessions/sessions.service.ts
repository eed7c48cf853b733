import { runEvery } from '../core/run-every';
import { sha256Hex } from '../credentials/secret-digest';
import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, MoreThan, type Repository } from 'typeorm';
import { tokensConfig, type TokensConfig } from '../config/tokens.config';
import {
  CLIENT_CHANGED,
  CONSENT_WITHDRAWN,
  USER_CHANGED,
  type ClientChanged,
  type ConsentWithdrawn,
  type UserChanged,
} from '../core/events';
import { consumeOnce } from '../database/consume-once';
import type { Page } from '../http/page-query.dto';
import { RefreshTokenRecord } from './refresh-token.entity';
import { RevokedTokens } from './revoked-tokens';
import { SessionRecord } from './session.entity';

/** The access token issued beside a refresh token: revoked with its session. */
export interface IssuedAccessToken {
  readonly jti: string;
  readonly expiresAt: Date;
}

/** For a session begun by an OpenID Connect sign-in: what its later ID tokens repeat. */
export interface SignInFacts {
  readonly authTime: Date;
  readonly browserSessionId: string;
}

/** A session just started, and its first refresh token. */
export interface StartedSession {
  readonly sessionId: string;
  readonly refreshToken: string;
}

/** A refresh token found by its value, with its session. */
export interface FoundRefreshToken {
  readonly record: RefreshTokenRecord;
  readonly session: SessionRecord;
}

/**
 * What redeeming a refresh token came to: `rotated` (this use consumed it), `grace` (it was
 * consumed moments ago, within `REFRESH_TOKEN_REUSE_GRACE`) or `reused` (the session has just
 * been revoked).
 */
export type Redemption = 'rotated' | 'grace' | 'reused';

/** How often the sessions that can never be used again are deleted (a batch at a time). */
const PURGE_INTERVAL_MS = 3_600_000;

/** Longest refresh token value looked up (ours are 43 characters). */
const MAX_REFRESH_TOKEN_LENGTH = 128;

/**
 * Sessions and their refresh tokens (docs/http-contract.md, Sessions): opaque values of 256 random bits, of which
 * only the SHA-256 is stored; rotation on every use, decided by one conditional update; reuse
 * detection that revokes the session and the access tokens issued from it. Time is read with
 * `Date.now()`, like everywhere in the service.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionsService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(SessionRecord) private readonly sessions: Repository<SessionRecord>,
    @InjectRepository(RefreshTokenRecord)
    private readonly refreshTokens: Repository<RefreshTokenRecord>,
    private readonly revocations: RevokedTokens,
    @Inject(tokensConfig.KEY) private readonly config: TokensConfig,
  ) {}

  onModuleInit(): void {
    this.purgeTimer = runEvery(
      PURGE_INTERVAL_MS,
      () => this.purge(),
      this.logger,
      'Sessions not purged',
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * Deletes the sessions that can never be used again, with their refresh tokens: expired
   * (too old, or idle too long), or ended longer ago than any of their access tokens lives.
   * What they revoked stays revoked (`revoked_tokens`). Returns how many went.
   */
  async purge(): Promise<number> {
    const now = Date.now();
    const accessTokensGone = new Date(
      now - (this.config.accessTokenTtlSeconds + this.config.clockToleranceSeconds) * 1000,
    );
    const dead = await this.sessions.find({
      select: { id: true },
      where: [
        { expiresAt: LessThan(new Date(now)) },
        { lastUsedAt: LessThan(new Date(now - this.config.refreshTokenTtlSeconds * 1000)) },
        { revokedAt: LessThan(accessTokensGone) },
      ],
      take: 1000,
    });
    if (dead.length === 0) return 0;
    const ids = dead.map((session) => session.id);
    await this.refreshTokens.delete({ sessionId: In(ids) });
    await this.sessions.delete({ id: In(ids) });
    return ids.length;
  }

  /** Starts a session (a login) and returns its first refresh token. */
  async start(
    userId: string,
    clientId: string,
    scope: readonly string[],
    access: IssuedAccessToken,
    signIn?: SignInFacts,
  ): Promise<StartedSession> {
    const now = new Date(Date.now());
    const session = this.sessions.create({
      id: randomUUID(),
      userId,
      clientId,
      scope: [...scope],
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenMaxLifetimeSeconds * 1000),
      authTime: signIn?.authTime ?? null,
      browserSessionId: signIn?.browserSessionId ?? null,
      revokedAt: null,
    });
    // One INSERT: save() would first look the new id up, in a transaction of its own.
    await this.sessions.insert(session);
    return { sessionId: session.id, refreshToken: await this.issue(session, access, now) };
  }

  /** The refresh token with this value and its session, or null (never a hint why). */
  async find(token: string): Promise<FoundRefreshToken | null> {
    if (token.length > MAX_REFRESH_TOKEN_LENGTH) return null;
    const record = await this.refreshTokens.findOneBy({ tokenHash: sha256Hex(token) });
    if (!record) return null;
    const session = await this.sessions.findOneBy({ id: record.sessionId });
    return session ? { record, session } : null;
  }

  /** Is this refresh token one that may be redeemed now (ignoring who redeems it)? */
  isLive({ record, session }: FoundRefreshToken, now = new Date(Date.now())): boolean {
    return (
      session.revokedAt === null &&
      session.expiresAt > now &&
      (record.usedAt !== null || record.expiresAt > now)
    );
  }

  /**
   * Consumes a refresh token: one conditional update (`used_at` set only where it is still
   * null) decides, so of parallel uses exactly one is `rotated`. A later use within the grace
   * period is `grace`; any other reuse revokes the session and is `reused`.
   */
  async redeem(found: FoundRefreshToken): Promise<Redemption> {
    const now = new Date(Date.now());
    const tokenHash = found.record.tokenHash;
    if (await consumeOnce(this.refreshTokens, { tokenHash }, 'usedAt', now)) return 'rotated';
    const current = await this.refreshTokens.findOneBy({ tokenHash: found.record.tokenHash });
    const graceMs = this.config.refreshTokenReuseGraceSeconds * 1000;
    if (current?.usedAt && graceMs > 0 && now.getTime() - current.usedAt.getTime() <= graceMs) {
      return 'grace';
    }
    await this.revoke(found.session.id);
    return 'reused';
  }

  /**
   * The next refresh token of a session, issued beside `access`. If the session was ended
   * meanwhile (a reuse detected by a parallel request), the new pair is born revoked: the
   * redemption still counts as the one that succeeded, but its tokens do not work.
   */
  async continue(session: SessionRecord, access: IssuedAccessToken): Promise<string> {
    const now = new Date(Date.now());
    const token = await this.issue(session, access, now);
    await this.sessions.update({ id: session.id }, { lastUsedAt: now });
    // A reuse revokes the session, then the access tokens it finds; one issued after that
    // read is caught here, since its row was written before this read.
    const current = await this.sessions.findOneBy({ id: session.id });
    if (!current || current.revokedAt !== null) {
      await this.revocations.revoke(access.jti, access.expiresAt);
    }
    return token;
  }

  /** Ends a session: no refresh any more, and the access tokens issued from it are revoked. */
  async revoke(sessionId: string): Promise<void> {
    await this.revokeWhere([sessionId]);
  }

  /** The user's sessions that can still be refreshed, most recently used first. */
  listForUser(userId: string, page: Page): Promise<SessionRecord[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date(Date.now())) },
      order: { lastUsedAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** Ends one of the user's own sessions; another user's, or none, is 404. */
  async endForUser(userId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session) throw new NotFoundException(`No session ${sessionId}`);
    await this.revoke(session.id);
  }

  /** Ends every session of a user (disabled, password changed, or on request). */
  async revokeForUser(userId: string): Promise<number> {
    const sessions = await this.sessions.findBy({ userId, revokedAt: IsNull() });
    await this.revokeWhere(sessions.map((session) => session.id));
    return sessions.length;
  }

  @OnEvent(USER_CHANGED, { promisify: true, suppressErrors: false })
  async onUserChanged(change: UserChanged): Promise<void> {
    if (change.disabled || change.passwordChanged) await this.revokeForUser(change.userId);
  }

  /** A withdrawn grant ends that client's sessions of that user. */
  @OnEvent(CONSENT_WITHDRAWN, { promisify: true, suppressErrors: false })
  async onConsentWithdrawn({ userId, clientId }: ConsentWithdrawn): Promise<void> {
    const sessions = await this.sessions.findBy({ userId, clientId, revokedAt: IsNull() });
    await this.revokeWhere(sessions.map((session) => session.id));
  }

  @OnEvent(CLIENT_CHANGED, { promisify: true, suppressErrors: false })
  async onClientChanged(change: ClientChanged): Promise<void> {
    if (!change.disabled) return;
    const sessions = await this.sessions.findBy({ clientId: change.clientId, revokedAt: IsNull() });
    await this.revokeWhere(sessions.map((session) => session.id));
  }

  private async issue(
    session: SessionRecord,
    access: IssuedAccessToken,
    now: Date,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      tokenHash: sha256Hex(token),
      sessionId: session.id,
      accessTokenId: access.jti,
      accessExpiresAt: access.expiresAt,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
      usedAt: null,
    });
    return token;
  }

  private async revokeWhere(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    // First the sessions (no refresh from now on), then the access tokens already issued.
    await this.sessions.update(
      { id: In(sessionIds), revokedAt: IsNull() },
      { revokedAt: new Date(Date.now()) },
    );
    const issued = await this.refreshTokens.find({
      select: { accessTokenId: true, accessExpiresAt: true },
      where: { sessionId: In(sessionIds), accessExpiresAt: MoreThan(new Date(Date.now())) },
    });
    await this.revocations.revokeAll(
      issued.map((row) => ({ jti: row.accessTokenId, expiresAt: row.accessExpiresAt })),
    );
  }
}
