import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The balance projection (ADR 0009): the facts it folds (purchases with their events, the credits they made, usage)
 * and the balances per SIM that GetBalance reads. Kafka offsets live in projection_checkpoint (platform).
 */
export class BalanceProjection1764201600000 implements MigrationInterface {
  name = 'BalanceProjection1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE balance_purchase (
        transaction_id text        PRIMARY KEY,
        last_sequence  integer     NOT NULL,
        events         jsonb       NOT NULL,
        credit_iccid   text,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE balance_credit (
        transaction_id text             PRIMARY KEY,
        iccid          text             NOT NULL,
        balance_type   text             NOT NULL,
        data_mb        double precision NOT NULL CHECK (data_mb >= 0),
        validity       text             NOT NULL,
        locations      text[]           NOT NULL,
        credited_at    timestamptz      NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX balance_credit_iccid ON balance_credit (iccid)');
    await queryRunner.query(`
      CREATE TABLE balance_usage (
        event_id    text             PRIMARY KEY,
        iccid       text             NOT NULL,
        location    text             NOT NULL,
        used_mb     double precision NOT NULL CHECK (used_mb > 0),
        occurred_at timestamptz      NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX balance_usage_iccid ON balance_usage (iccid)');
    await queryRunner.query(`
      CREATE TABLE sim_balance (
        iccid        text             NOT NULL,
        opened_by    text             NOT NULL,
        balance_type text             NOT NULL,
        data_mb      double precision NOT NULL CHECK (data_mb >= 0),
        expires_at   timestamptz      NOT NULL,
        locations    text[]           NOT NULL,
        PRIMARY KEY (iccid, opened_by)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['sim_balance', 'balance_usage', 'balance_credit', 'balance_purchase'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
