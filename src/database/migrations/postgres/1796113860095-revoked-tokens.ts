import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RevokedTokensPostgres1796113860095 implements MigrationInterface {
  name = 'RevokedTokensPostgres1796113860095';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Access tokens revoked before their expiry, kept until then (RFC 7009).
    await queryRunner.query(`
      CREATE TABLE "revoked_tokens" (
        "jti" varchar(64) PRIMARY KEY NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_revoked_tokens_revoked_at" ON "revoked_tokens" ("revoked_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "revoked_tokens"`);
  }
}
