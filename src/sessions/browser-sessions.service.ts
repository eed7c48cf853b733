import { sha256Hex } from '../credentials/secret-digest';
import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { authorizationConfig, type AuthorizationConfig } from '../config/authorization.config';
import { USER_CHANGED, type UserChanged } from '../core/events';
import { BrowserSessionRecord } from './browser-session.entity';

/** A browser session just opened, and the value its cookie must carry (never stored). */
export interface OpenedBrowserSession {
  readonly session: BrowserSessionRecord;
  readonly cookieValue: string;
}

/** Longest cookie value looked up (ours are 43 characters). */
const MAX_COOKIE_VALUE_LENGTH = 128;

/** `last_seen_at` is written at most this often per session (a page view is not a write). */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Browser sessions: who is signed in to Scopegate's own pages. Stored in the database, so every
 * instance knows them; a new random value at every login (no fixation); idle and absolute
 * lifetimes; ended by signing out, by the user's own request, by disabling the user or
 * changing their password.
 */
@Injectable()
export class BrowserSessionsService {
  constructor(
    @InjectRepository(BrowserSessionRecord)
    private readonly sessions: Repository<BrowserSessionRecord>,
    @Inject(authorizationConfig.KEY) private readonly config: AuthorizationConfig,
  ) {}

  /** Opens a session for a user who has just signed in. */
  async open(userId: string, remember: boolean): Promise<OpenedBrowserSession> {
    const cookieValue = randomBytes(32).toString('base64url');
    const now = new Date(Date.now());
    const lifetime = remember
      ? this.config.sessionRememberLifetimeSeconds
      : this.config.sessionMaxLifetimeSeconds;
    const session = this.sessions.create({
      id: randomUUID(),
      tokenHash: sha256Hex(cookieValue),
      userId,
      remember,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
      endedAt: null,
    });
    await this.sessions.insert(session);
    return { session, cookieValue };
  }

  /** The live session a cookie value names, or null; seeing it counts as activity. */
  async find(cookieValue: string | undefined): Promise<BrowserSessionRecord | null> {
    if (!cookieValue || cookieValue.length > MAX_COOKIE_VALUE_LENGTH) return null;
    const session = await this.sessions.findOneBy({ tokenHash: sha256Hex(cookieValue) });
    const now = Date.now();
    if (!session || !this.isLive(session, now)) return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return session;
  }

  /** Until when the session lasts if unused from now: the idle limit, within the absolute. */
  endsAt(session: BrowserSessionRecord): Date {
    if (session.remember) return session.expiresAt;
    const idleEnd = session.lastSeenAt.getTime() + this.config.sessionIdleSeconds * 1000;
    return new Date(Math.min(idleEnd, session.expiresAt.getTime()));
  }

  /** Ends a session (sign out); ending one already ended changes nothing. */
  async end(sessionId: string): Promise<void> {
    await this.sessions.update(
      { id: sessionId, endedAt: IsNull() },
      { endedAt: new Date(Date.now()) },
    );
  }

  /** The user's live sessions, most recently seen first (at most `take`). */
  async listForUser(userId: string, take: number): Promise<BrowserSessionRecord[]> {
    const now = Date.now();
    const sessions = await this.sessions.find({
      where: { userId, endedAt: IsNull(), expiresAt: MoreThan(new Date(now)) },
      order: { lastSeenAt: 'DESC', id: 'ASC' },
      take,
    });
    return sessions.filter((session) => this.isLive(session, now));
  }

  /** Ends one of the user's own live sessions; false when they have none with this id. */
  async endForUser(userId: string, sessionId: string): Promise<boolean> {
    const { affected } = await this.sessions.update(
      { id: sessionId, userId, endedAt: IsNull(), expiresAt: MoreThan(new Date(Date.now())) },
      { endedAt: new Date(Date.now()) },
    );
    return (affected ?? 0) > 0;
  }

  @OnEvent(USER_CHANGED, { promisify: true, suppressErrors: false })
  async onUserChanged(change: UserChanged): Promise<void> {
    if (!change.disabled && !change.passwordChanged) return;
    await this.sessions.update(
      { userId: change.userId, endedAt: IsNull() },
      { endedAt: new Date(Date.now()) },
    );
  }

  private isLive(session: BrowserSessionRecord, now: number): boolean {
    return session.endedAt === null && this.endsAt(session).getTime() > now;
  }
}
