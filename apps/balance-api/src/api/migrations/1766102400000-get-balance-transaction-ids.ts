import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * D10's repeat window, shared by every GetBalance instance (ADR 0017): one row per X-MS-DM-TransactionId that got
 * an answer, until the end of its window in epoch milliseconds of the instances' clock.
 */
export class GetBalanceTransactionIds1766102400000 implements MigrationInterface {
  name = 'GetBalanceTransactionIds1766102400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Byte-order collation: the ids are compared for equality only, and the locale's rules cost CPU on every
    // insert (bench/get-balance). Rows arrive in the order of their expiry: a BRIN index finds the expired ones at
    // next to no cost per insert.
    await queryRunner.query(`
      CREATE TABLE get_balance_transaction_id (
        transaction_id text COLLATE "C" PRIMARY KEY,
        seen_until_ms  bigint           NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX get_balance_transaction_id_expiry ON get_balance_transaction_id USING brin (seen_until_ms)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE get_balance_transaction_id');
  }
}
