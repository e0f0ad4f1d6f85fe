import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Balance adjustments of the charging system (ADR 0020), one row per eventId, folded with credits and usage. */
export class BalanceAdjustments1767225600000 implements MigrationInterface {
  name = 'BalanceAdjustments1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE balance_adjustment (
        event_id    text        PRIMARY KEY,
        iccid       text        NOT NULL,
        kind        text        NOT NULL,
        adjustment  jsonb       NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX balance_adjustment_iccid ON balance_adjustment (iccid)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE balance_adjustment');
  }
}
