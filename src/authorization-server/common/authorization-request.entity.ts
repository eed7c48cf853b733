import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { spaceSeparated } from '../../database/columns';

/**
 * A validated `/authorize` request, kept server-side while the user signs in and consents
 * (the browser carries only its id): 15 minutes, single use.
 */
@Entity({ name: 'authorization_requests' })
export class AuthorizationRequestRecord {
  /** 256 random bits, base64url. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 2000 })
  redirectUri!: string;

  /** Whether `redirect_uri` was sent (then the code exchange must send the same). */
  @Column({ name: 'redirect_uri_sent', type: 'boolean' })
  redirectUriSent!: boolean;

  /** The scopes requested (known to the catalog and allowed to the client). */
  @Column({ type: 'text', transformer: spaceSeparated })
  scope!: string[];

  /** Exactly as sent; null when absent. */
  @Column({ type: 'text', nullable: true })
  state!: string | null;

  @Column({ name: 'code_challenge', type: 'varchar', length: 128 })
  codeChallenge!: string;

  @Column({ type: 'varchar', length: 64, nullable: true, transformer: spaceSeparated })
  prompt!: string[];

  @Column({ name: 'max_age', type: 'integer', nullable: true })
  maxAge!: number | null;

  /** OIDC's `nonce`, exactly as sent, for the ID token; null when absent. */
  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  /** OIDC's `login_hint`: the username the login page starts with. */
  @Column({ name: 'login_hint', type: 'varchar', length: 256, nullable: true })
  loginHint!: string | null;

  /** The SHA-256 of the browser's binding cookie: the forms must come from that browser. */
  @Column({ name: 'binding_hash', type: 'varchar', length: 64 })
  bindingHash!: string;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  /** The user who signed in on the login page during this request, if one did. */
  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Index('IDX_authorization_requests_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** When it ended (a code, or an error sent to the client): it cannot be used again. */
  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt!: Date | null;
}
