import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `support_transaction_alias`: a new launch's transactionId whose LPA error a purchase took up, the purchase, and
 * the sequence of that LpaErrorReported step (ADR 0027). A projection like support_event: rebuilt from the log.
 */
export class SupportTransactionAlias1765100100000 implements MigrationInterface {
  name = 'SupportTransactionAlias1765100100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE support_transaction_alias (
        transaction_id          text    PRIMARY KEY CHECK (char_length(transaction_id) BETWEEN 1 AND 64),
        original_transaction_id text    NOT NULL CHECK (char_length(original_transaction_id) BETWEEN 1 AND 64),
        sequence                integer NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX support_transaction_alias_original ON support_transaction_alias (original_transaction_id, sequence)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE support_transaction_alias');
  }
}
