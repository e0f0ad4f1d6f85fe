import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `purchase_view_alias`: the transactionId of a new launch whose LPA error a purchase took up (ADR 0027), and the
 * purchase it reads as. `directive_ready` is false while a re-order is under way: that launch has no directive yet
 * (the old one is what failed). Both ids are bounded like every transactionId (text-limits.ts).
 */
export class PurchaseViewAlias1765100000000 implements MigrationInterface {
  name = 'PurchaseViewAlias1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE purchase_view_alias (
        transaction_id          text    PRIMARY KEY CHECK (char_length(transaction_id) BETWEEN 1 AND 64),
        original_transaction_id text    NOT NULL CHECK (char_length(original_transaction_id) BETWEEN 1 AND 64),
        sequence                integer NOT NULL,
        directive_ready         boolean NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX purchase_view_alias_original ON purchase_view_alias (original_transaction_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE purchase_view_alias');
  }
}
