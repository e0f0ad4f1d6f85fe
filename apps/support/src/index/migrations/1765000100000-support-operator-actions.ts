import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of operator actions (redrives, index rebuilds), newest first in the console. Like support_redrive it
 * is not a projection: an index rebuild keeps it. Redrives from before it existed are copied in.
 */
export class SupportOperatorActions1765000100000 implements MigrationInterface {
  name = 'SupportOperatorActions1765000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE support_operator_action (
        action_id      text        PRIMARY KEY,
        action         text        NOT NULL,
        requested_by   text        NOT NULL,
        requested_at   timestamptz NOT NULL,
        transaction_id text,
        reason         text
      )`);
    await queryRunner.query(
      'CREATE INDEX support_operator_action_recent ON support_operator_action (requested_at DESC, action_id)',
    );
    await queryRunner.query(`
      INSERT INTO support_operator_action (action_id, action, requested_by, requested_at, transaction_id, reason)
      SELECT redrive_id, 'redrive', requested_by, requested_at, transaction_id, reason FROM support_redrive`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE support_operator_action');
  }
}
