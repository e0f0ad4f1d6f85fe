import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `jsonb` reorders object keys; the portal must get the directive's arguments exactly as built (the same key
 * order as its `script`), so the view is kept as `json`, which stores the text as written.
 */
export class PurchaseViewAsJson1763900100000 implements MigrationInterface {
  name = 'PurchaseViewAsJson1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE purchase_view ALTER COLUMN view TYPE json USING view::json',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE purchase_view ALTER COLUMN view TYPE jsonb USING view::jsonb',
    );
  }
}
