import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { spaceSeparated } from '../database/columns';

/**
 * A session: one login of a user through a client, and every refresh token rotated from it
 * (a refresh-token family, RFC 9700 §4.14.2). Revoking it ends them all.
 */
@Entity({ name: 'sessions' })
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_sessions_user_id')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Index('IDX_sessions_client_id')
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  /** The scopes granted at login: a refresh may ask for these or fewer. */
  @Column({ type: 'text', transformer: spaceSeparated })
  scope!: string[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: Date })
  lastUsedAt!: Date;

  /** `REFRESH_TOKEN_MAX_LIFETIME` after the login: no refresh after it. */
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** For a session begun with `openid`: when the user signed in (every ID token's auth_time). */
  @Column({ name: 'auth_time', type: Date, nullable: true })
  authTime!: Date | null;

  /** For a session begun with `openid`: the browser session it came from (the ID token's sid). */
  @Column({ name: 'browser_session_id', type: 'varchar', length: 36, nullable: true })
  browserSessionId!: string | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;
}
