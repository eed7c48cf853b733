import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsAndSessionsSqlite1796200000000 implements MigrationInterface {
  name = 'ClientsAndSessionsSqlite1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // OAuth2 clients; the built-in public client is not stored.
    await queryRunner.query(`
      CREATE TABLE "clients" (
        "client_id" varchar(64) PRIMARY KEY NOT NULL,
        "name" varchar(128) NOT NULL,
        "type" varchar(16) NOT NULL,
        "secret_hash" varchar(255),
        "grant_types" text NOT NULL,
        "scopes" text NOT NULL,
        "may_introspect" boolean NOT NULL DEFAULT (0),
        "disabled" boolean NOT NULL DEFAULT (0),
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "updated_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
      )`);
    // A session is a refresh-token family: one login, every token rotated from it.
    await queryRunner.query(`
      CREATE TABLE "sessions" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "user_id" varchar(36) NOT NULL,
        "client_id" varchar(64) NOT NULL,
        "scope" text NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "last_used_at" datetime NOT NULL,
        "expires_at" datetime NOT NULL,
        "revoked_at" datetime
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_user_id" ON "sessions" ("user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_client_id" ON "sessions" ("client_id")`);
    // Only the SHA-256 of a refresh token is stored, with the access token issued beside it.
    await queryRunner.query(`
      CREATE TABLE "refresh_tokens" (
        "token_hash" varchar(64) PRIMARY KEY NOT NULL,
        "session_id" varchar(36) NOT NULL REFERENCES "sessions" ("id") ON DELETE CASCADE,
        "access_token_id" varchar(64) NOT NULL,
        "access_expires_at" datetime NOT NULL,
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "expires_at" datetime NOT NULL,
        "used_at" datetime
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_refresh_tokens_session_id" ON "refresh_tokens" ("session_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TABLE "clients"`);
  }
}
