import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthorizationCodePostgres1796300000000 implements MigrationInterface {
  name = 'AuthorizationCodePostgres1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Clients registered before the code flow have no redirect URI and ask for consent.
    await queryRunner.query(
      `ALTER TABLE "clients" ADD COLUMN "redirect_uris" text NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "clients" ADD COLUMN "consent_required" boolean NOT NULL DEFAULT true`,
    );
    // A validated /authorize request, until it ends in a code or an error (single use).
    await queryRunner.query(`
      CREATE TABLE "authorization_requests" (
        "id" varchar(64) PRIMARY KEY NOT NULL,
        "client_id" varchar(64) NOT NULL,
        "redirect_uri" varchar(2000) NOT NULL,
        "redirect_uri_sent" boolean NOT NULL,
        "scope" text NOT NULL,
        "state" text,
        "code_challenge" varchar(128) NOT NULL,
        "prompt" varchar(64),
        "max_age" integer,
        "binding_hash" varchar(64) NOT NULL,
        "csrf_token" varchar(64) NOT NULL,
        "user_id" varchar(36),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_authorization_requests_expires_at" ON "authorization_requests" ("expires_at")`,
    );
    // Only the SHA-256 of a code is stored; what it issued is noted, to revoke it on a replay.
    await queryRunner.query(`
      CREATE TABLE "authorization_codes" (
        "code_hash" varchar(64) PRIMARY KEY NOT NULL,
        "client_id" varchar(64) NOT NULL,
        "user_id" varchar(36) NOT NULL,
        "redirect_uri" varchar(2000) NOT NULL,
        "redirect_uri_sent" boolean NOT NULL,
        "scope" text NOT NULL,
        "code_challenge" varchar(128) NOT NULL,
        "auth_time" timestamptz NOT NULL,
        "browser_session_id" varchar(36) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "replayed_at" timestamptz,
        "session_id" varchar(36),
        "access_token_id" varchar(64),
        "access_expires_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_authorization_codes_expires_at" ON "authorization_codes" ("expires_at")`,
    );
    // A user signed in to Scopegate's own pages; the cookie holds a value whose SHA-256 is here.
    await queryRunner.query(`
      CREATE TABLE "browser_sessions" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "token_hash" varchar(64) NOT NULL,
        "user_id" varchar(36) NOT NULL,
        "remember" boolean NOT NULL DEFAULT false,
        "csrf_token" varchar(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "ended_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_browser_sessions_token_hash" ON "browser_sessions" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_browser_sessions_user_id" ON "browser_sessions" ("user_id")`,
    );
    // A user's consent to a client: the scopes they allowed it.
    await queryRunner.query(`
      CREATE TABLE "consents" (
        "user_id" varchar(36) NOT NULL,
        "client_id" varchar(64) NOT NULL,
        "scope" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("user_id", "client_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "consents"`);
    await queryRunner.query(`DROP TABLE "browser_sessions"`);
    await queryRunner.query(`DROP TABLE "authorization_codes"`);
    await queryRunner.query(`DROP TABLE "authorization_requests"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "consent_required"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "redirect_uris"`);
  }
}
