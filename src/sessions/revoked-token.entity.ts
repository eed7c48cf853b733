import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An access token revoked before it expired, by its `jti`; kept until it would have expired. */
@Entity({ name: 'revoked_tokens' })
export class RevokedTokenRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jti!: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'revoked_at' })
  revokedAt!: Date;
}
