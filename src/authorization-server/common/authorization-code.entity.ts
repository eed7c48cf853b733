import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { spaceSeparated } from '../../database/columns';

/**
 * An authorization code, by the SHA-256 of its value: 60 seconds, single use, and what its
 * exchange issued, so that a replay revokes it.
 */
@Entity({ name: 'authorization_codes' })
export class AuthorizationCodeRecord {
  @PrimaryColumn({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 2000 })
  redirectUri!: string;

  @Column({ name: 'redirect_uri_sent', type: 'boolean' })
  redirectUriSent!: boolean;

  @Column({ type: 'text', transformer: spaceSeparated })
  scope!: string[];

  @Column({ name: 'code_challenge', type: 'varchar', length: 128 })
  codeChallenge!: string;

  /** OIDC's `nonce` from the request, for the ID token. */
  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  /** When the user signed in (the browser session's login). */
  @Column({ name: 'auth_time', type: Date })
  authTime!: Date;

  @Column({ name: 'browser_session_id', type: 'varchar', length: 36 })
  browserSessionId!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Index('IDX_authorization_codes_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;

  /** When an exchange of the spent code was tried: what it issued is revoked. */
  @Column({ name: 'replayed_at', type: Date, nullable: true })
  replayedAt!: Date | null;

  /** The refresh session its exchange opened, if any. */
  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId!: string | null;

  @Column({ name: 'access_token_id', type: 'varchar', length: 64, nullable: true })
  accessTokenId!: string | null;

  @Column({ name: 'access_expires_at', type: Date, nullable: true })
  accessExpiresAt!: Date | null;
}
