import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SigningAlgorithm } from '../config/keys.config';
import { spaceSeparated } from '../database/columns';

/** `^[A-Za-z0-9._-]{1,64}$`: URL-safe, so HTTP Basic needs no escaping. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const CLIENT_TYPES = ['public', 'confidential'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const GRANT_TYPES = [
  'authorization_code',
  'password',
  'refresh_token',
  'client_credentials',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** An OAuth2 client (RFC 6749 §2): an application that asks for tokens. */
@Entity({ name: 'clients' })
export class Client {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: ClientType;

  /**
   * `sha256:` and the SHA-256 of the secret (confidential clients only), or an argon2id hash
   * written before digests, replaced at its next successful use. Never the secret itself.
   */
  @Column({ name: 'secret_hash', type: 'varchar', length: 255, nullable: true })
  secretHash!: string | null;

  @Column({ name: 'grant_types', type: 'text', transformer: spaceSeparated })
  grantTypes!: GrantType[];

  /** The scopes this client may be granted (with what they imply). */
  @Column({ type: 'text', transformer: spaceSeparated })
  scopes!: string[];

  /** Where `/authorize` may send the user back (docs/http-contract.md, Redirect URIs). */
  @Column({ name: 'redirect_uris', type: 'text', transformer: spaceSeparated })
  redirectUris!: string[];

  /** Where `/logout` may send the user back after signing out (RP-Initiated Logout). */
  @Column({ name: 'post_logout_redirect_uris', type: 'text', transformer: spaceSeparated })
  postLogoutRedirectUris!: string[];

  /** Whether a user must approve this client's scopes on the consent page. */
  @Column({ name: 'consent_required', type: 'boolean', default: true })
  consentRequired!: boolean;

  /** The algorithm of its ID tokens: RS256 (OIDC's default) or ES256. */
  @Column({ name: 'id_token_signed_response_alg', type: 'varchar', length: 8, default: 'RS256' })
  idTokenSignedResponseAlg!: SigningAlgorithm;

  @Column({ name: 'may_introspect', type: 'boolean', default: false })
  mayIntrospect!: boolean;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
