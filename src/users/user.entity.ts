import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { spaceSeparated } from '../database/columns';

@Entity({ name: 'users' })
export class User {
  /** Stable id, the `sub` of every token issued to this user. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Unique whatever its case (a `lower(username)` unique index). */
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** Whether the email address was checked (set by an administrator; OIDC's email_verified). */
  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified!: boolean;

  @Column({ name: 'full_name', type: 'varchar', length: 128, nullable: true })
  fullName!: string | null;

  /** argon2id, PHC string format. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Set whenever the password is changed: tokens issued before it are refused. */
  @Column({ name: 'password_changed_at', type: Date, nullable: true })
  passwordChangedAt!: Date | null;

  /** The scopes this user may be granted (assigned by an administrator). */
  @Column({ type: 'text', transformer: spaceSeparated })
  scopes!: string[];

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
