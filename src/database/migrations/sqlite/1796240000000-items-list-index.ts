import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ItemsListIndexSqlite1796240000000 implements MigrationInterface {
  name = 'ItemsListIndexSqlite1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One owner's items in the lists' order (oldest first, ties by id), read from the index
    // with no sort; it also serves every lookup by owner, so the owner-only index goes.
    await queryRunner.query(
      `CREATE INDEX "IDX_items_owner_id_created_at_id" ON "items" ("owner_id", "created_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_items_owner_id"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_items_owner_id" ON "items" ("owner_id")`);
    await queryRunner.query(`DROP INDEX "IDX_items_owner_id_created_at_id"`);
  }
}
