import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `intake_receipt`: what the gateway has accepted, by eventId, so that a repeat answers the same and a different
 * body under the same eventId is refused (contracts.md section 1). `purchase_view`: the purchase as the portal
 * reads it, projected from the purchase event log (G6: offsets in projection_checkpoint, same transaction).
 */
export class PortalGatewayTables1763900000000 implements MigrationInterface {
  name = 'PortalGatewayTables1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE intake_receipt (
        stream      text        NOT NULL,
        event_id    text        NOT NULL,
        body_sha256 text        NOT NULL,
        record_key  text        NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE purchase_view (
        transaction_id text        PRIMARY KEY,
        last_sequence  integer     NOT NULL,
        history        jsonb       NOT NULL,
        view           jsonb       NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE purchase_view');
    await queryRunner.query('DROP TABLE intake_receipt');
  }
}
