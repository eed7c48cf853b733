import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a session, by the SHA-256 of its value (the value itself is never
 * stored), with the access token issued beside it, so that revoking the session revokes that
 * access token too.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenRecord {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('IDX_refresh_tokens_session_id')
  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId!: string;

  @Column({ name: 'access_token_id', type: 'varchar', length: 64 })
  accessTokenId!: string;

  @Column({ name: 'access_expires_at', type: Date })
  accessExpiresAt!: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  /** `REFRESH_TOKEN_TTL` after it was issued: unused until then, it is refused. */
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** When it was redeemed (rotated); a second use is reuse. */
  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;
}
