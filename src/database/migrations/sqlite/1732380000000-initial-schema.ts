import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchemaSqlite1732380000000 implements MigrationInterface {
  name = 'InitialSchemaSqlite1732380000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "username" varchar(64) NOT NULL,
        "email" varchar(254),
        "full_name" varchar(128),
        "password_hash" varchar(255) NOT NULL,
        "disabled" boolean NOT NULL DEFAULT (0),
        "scopes" text NOT NULL DEFAULT (''),
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "updated_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
      )`);
    // Usernames are unique whatever their case, enforced by the database itself.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_users_username_ci" ON "users" (lower("username"))`,
    );
    await queryRunner.query(`
      CREATE TABLE "items" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "owner_id" varchar(36) NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "title" varchar(200) NOT NULL,
        "description" text,
        "created_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
        "updated_at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_items_owner_id" ON "items" ("owner_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "items"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
