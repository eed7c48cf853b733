import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user signed in to Scopegate's own pages (the login page's session, single sign-on for
 * `/authorize`). The browser's cookie holds a random value; only its SHA-256 is stored.
 */
@Entity({ name: 'browser_sessions' })
export class BrowserSessionRecord {
  /** Public: listed by `GET /users/me/sessions`, ended by `DELETE …/{id}`. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_browser_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('IDX_browser_sessions_user_id')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** "Keep me signed in": a persistent cookie, the longer lifetime, no idle limit. */
  @Column({ type: 'boolean', default: false })
  remember!: boolean;

  /** The CSRF token of the forms shown in this session (sign out). */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  /** When the user signed in (OIDC's `auth_time`). */
  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: Date })
  lastSeenAt!: Date;

  /** The absolute end: the login plus the maximum lifetime. */
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt!: Date | null;
}
