import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `evicted_purchases`: a purchase terminal for long enough that its owner dropped it from memory (ADR 0032), as its
 * last snapshot, loaded back when a late input arrives for it. `sequence` is the purchase's at eviction, checked
 * against the log's on reload; `machine` names the purchase machine's version the snapshot was made with.
 * `evicted_iccids`: the ICCIDs such a purchase holds, so that an input addressed by ICCID still finds it. Both ids
 * are bounded like every transactionId and ICCID (text-limits.ts).
 */
export class EvictedPurchases1796342400000 implements MigrationInterface {
  name = 'EvictedPurchases1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evicted_purchases (
        transaction_id text        PRIMARY KEY CHECK (char_length(transaction_id) BETWEEN 1 AND 64),
        partition      integer     NOT NULL CHECK (partition >= 0),
        sequence       integer     NOT NULL CHECK (sequence >= 0),
        machine        text        NOT NULL,
        snapshot       jsonb       NOT NULL,
        evicted_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE evicted_iccids (
        iccid          text PRIMARY KEY CHECK (char_length(iccid) BETWEEN 1 AND 32),
        transaction_id text NOT NULL REFERENCES evicted_purchases (transaction_id) ON DELETE CASCADE
      )`);
    // A purchase's ICCIDs are read with it and replaced when it is evicted again.
    await queryRunner.query(
      'CREATE INDEX evicted_iccids_transaction_id ON evicted_iccids (transaction_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE evicted_iccids');
    await queryRunner.query('DROP TABLE evicted_purchases');
  }
}
