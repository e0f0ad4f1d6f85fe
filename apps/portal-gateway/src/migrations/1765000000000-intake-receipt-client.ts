import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who sent each accepted event: the portal client's configured name and how it proved it (`certificate` or
 * `token`). Receipts from before clients authenticated have none.
 */
export class IntakeReceiptClient1765000000000 implements MigrationInterface {
  name = 'IntakeReceiptClient1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE intake_receipt ADD COLUMN client text, ADD COLUMN client_credential text',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE intake_receipt DROP COLUMN client_credential, DROP COLUMN client',
    );
  }
}
