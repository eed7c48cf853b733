import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Asymmetric signing keys, and the time of each user's last password change. */
export class SigningKeysSqlite1764547200000 implements MigrationInterface {
  name = 'SigningKeysSqlite1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "signing_keys" (
        "kid" varchar(64) PRIMARY KEY NOT NULL,
        "algorithm" varchar(8) NOT NULL,
        "public_jwk" text NOT NULL,
        "private_key" text NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "activates_at" datetime NOT NULL,
        "retires_at" datetime
      )`);
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "password_changed_at" datetime`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`DROP TABLE "signing_keys"`);
  }
}
