import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenIdConnectSqlite1796400000000 implements MigrationInterface {
  name = 'OpenIdConnectSqlite1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What an OIDC sign-in carries from /authorize to the ID token.
    await queryRunner.query(`ALTER TABLE "authorization_requests" ADD COLUMN "nonce" text`);
    await queryRunner.query(
      `ALTER TABLE "authorization_requests" ADD COLUMN "login_hint" varchar(256)`,
    );
    await queryRunner.query(`ALTER TABLE "authorization_codes" ADD COLUMN "nonce" text`);
    // A refresh session begun with openid: its login time and browser session (auth_time, sid).
    await queryRunner.query(`ALTER TABLE "sessions" ADD COLUMN "auth_time" datetime`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD COLUMN "browser_session_id" varchar(36)`);
    // The algorithm of a client's ID tokens: RS256 (OIDC's default) unless it registered ES256.
    await queryRunner.query(
      `ALTER TABLE "clients" ADD COLUMN "id_token_signed_response_alg" varchar(8) NOT NULL DEFAULT 'RS256'`,
    );
    // Where RP-Initiated Logout may send the browser back, per client.
    await queryRunner.query(
      `ALTER TABLE "clients" ADD COLUMN "post_logout_redirect_uris" text NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD COLUMN "email_verified" boolean NOT NULL DEFAULT (0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "post_logout_redirect_uris"`);
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "id_token_signed_response_alg"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "browser_session_id"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "auth_time"`);
    await queryRunner.query(`ALTER TABLE "authorization_codes" DROP COLUMN "nonce"`);
    await queryRunner.query(`ALTER TABLE "authorization_requests" DROP COLUMN "login_hint"`);
    await queryRunner.query(`ALTER TABLE "authorization_requests" DROP COLUMN "nonce"`);
  }
}
