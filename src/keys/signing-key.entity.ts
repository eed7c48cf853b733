import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One asymmetric key that signs access tokens. It is published (in the JWKS) from creation,
 * signs from `activatesAt`, and is retired at `retiresAt`, set when a successor is created:
 * after the last token it signed has expired.
 */
@Entity({ name: 'signing_keys' })
export class SigningKeyRecord {
  /** The JWK thumbprint (RFC 7638) of the public key: the `kid` of every token it signs. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  /** `ES256` or `RS256`. */
  @Column({ type: 'varchar', length: 8 })
  algorithm!: string;

  /** The public key as a JWK (JSON), as the JWKS publishes it. */
  @Column({ name: 'public_jwk', type: 'text' })
  publicJwk!: string;

  /** The private key (PKCS #8 PEM), encrypted with `KEY_ENCRYPTION_SECRET`. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  /** From when it signs new tokens. */
  @Column({ name: 'activates_at', type: Date })
  activatesAt!: Date;

  /** When it stops being published; null while no successor exists. */
  @Column({ name: 'retires_at', type: Date, nullable: true })
  retiresAt!: Date | null;
}
