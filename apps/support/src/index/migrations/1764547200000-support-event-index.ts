import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The support event index: every event of every purchase with its Kafka coordinates, the effect records (for
 * the replay's comparison), rejected records, parking records, one summary row per purchase (search), the
 * ICCIDs each purchase touched, and the redrives support asked for. All but the redrives are projections of the
 * log and can be dropped and rebuilt (G6).
 */
export class SupportEventIndex1764547200000 implements MigrationInterface {
  name = 'SupportEventIndex1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE support_event (
        transaction_id text        NOT NULL,
        sequence       integer     NOT NULL CHECK (sequence >= 1),
        event_id       text        NOT NULL,
        type           text        NOT NULL,
        schema_version integer     NOT NULL,
        occurred_at    timestamptz NOT NULL,
        causation_id   text        NOT NULL,
        data           jsonb       NOT NULL,
        metadata       jsonb       NOT NULL,
        topic          text        NOT NULL,
        partition      integer     NOT NULL,
        kafka_offset   bigint      NOT NULL,
        recorded_at    timestamptz NOT NULL,
        PRIMARY KEY (transaction_id, sequence)
      )`);
    await queryRunner.query(`
      CREATE TABLE support_effect (
        effect_id      text        PRIMARY KEY,
        transaction_id text        NOT NULL,
        causation_id   text        NOT NULL,
        effect_type    text        NOT NULL,
        effect         jsonb       NOT NULL,
        issued_at      timestamptz NOT NULL,
        topic          text        NOT NULL,
        partition      integer     NOT NULL,
        kafka_offset   bigint      NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX support_effect_by_transaction ON support_effect (transaction_id, kafka_offset)',
    );
    await queryRunner.query(`
      CREATE TABLE support_purchase (
        transaction_id text        PRIMARY KEY,
        flow           text,
        state          text,
        status         text,
        event_count    integer     NOT NULL DEFAULT 0,
        started_at     timestamptz,
        updated_at     timestamptz,
        timer_id       text,
        timer_due_at   timestamptz,
        parked         boolean     NOT NULL DEFAULT false,
        parked_at      timestamptz,
        park_error     jsonb,
        held_count     integer     NOT NULL DEFAULT 0,
        indexed_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // Search lists the newest purchases first; each filter has an index that keeps that order.
    await queryRunner.query(
      'CREATE INDEX support_purchase_recent ON support_purchase (started_at DESC NULLS LAST, transaction_id)',
    );
    await queryRunner.query(
      'CREATE INDEX support_purchase_by_state ON support_purchase (state, started_at DESC NULLS LAST)',
    );
    await queryRunner.query(
      'CREATE INDEX support_purchase_by_flow ON support_purchase (flow, started_at DESC NULLS LAST)',
    );
    await queryRunner.query(
      'CREATE INDEX support_purchase_parked ON support_purchase (parked_at DESC) WHERE parked',
    );
    await queryRunner.query(
      'CREATE INDEX support_purchase_waiting ON support_purchase (timer_due_at) WHERE timer_due_at IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX support_purchase_id_prefix ON support_purchase (transaction_id text_pattern_ops)',
    );
    await queryRunner.query(`
      CREATE TABLE support_purchase_sim (
        iccid          text        NOT NULL,
        transaction_id text        NOT NULL,
        PRIMARY KEY (iccid, transaction_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE support_rejected_record (
        rejection_id   text        PRIMARY KEY,
        transaction_id text,
        code           text        NOT NULL,
        reason         text        NOT NULL,
        parameter      text,
        value          text        NOT NULL,
        source         jsonb       NOT NULL,
        rejected_at    timestamptz NOT NULL,
        topic          text        NOT NULL,
        partition      integer     NOT NULL,
        kafka_offset   bigint      NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX support_rejected_recent ON support_rejected_record (rejected_at DESC, rejection_id)',
    );
    await queryRunner.query(
      'CREATE INDEX support_rejected_by_transaction ON support_rejected_record (transaction_id, rejected_at DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE support_parking_record (
        topic          text        NOT NULL,
        partition      integer     NOT NULL,
        kafka_offset   bigint      NOT NULL,
        transaction_id text        NOT NULL,
        kind           text        NOT NULL,
        at             timestamptz NOT NULL,
        record         jsonb       NOT NULL,
        PRIMARY KEY (topic, partition, kafka_offset)
      )`);
    await queryRunner.query(
      'CREATE INDEX support_parking_by_transaction ON support_parking_record (transaction_id, kafka_offset)',
    );
    // Not a projection: the audit of what support asked for. A rebuild keeps it.
    await queryRunner.query(`
      CREATE TABLE support_redrive (
        redrive_id     text        PRIMARY KEY,
        transaction_id text        NOT NULL,
        requested_by   text        NOT NULL,
        reason         text        NOT NULL,
        requested_at   timestamptz NOT NULL,
        topic          text        NOT NULL,
        partition      integer,
        kafka_offset   bigint
      )`);
    await queryRunner.query(
      'CREATE INDEX support_redrive_by_transaction ON support_redrive (transaction_id, requested_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'support_redrive',
      'support_parking_record',
      'support_rejected_record',
      'support_purchase_sim',
      'support_purchase',
      'support_effect',
      'support_event',
    ])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
