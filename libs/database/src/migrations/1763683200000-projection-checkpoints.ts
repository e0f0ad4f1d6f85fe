import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each projection records the Kafka offset it has applied, in the same transaction as its own rows (G6):
 * a projection resumes exactly where its last committed update left off, and a rebuild starts from zero.
 */
export class ProjectionCheckpoints1763683200000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1763683200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoint (
        projection  text        NOT NULL,
        topic       text        NOT NULL,
        partition   integer     NOT NULL CHECK (partition >= 0),
        next_offset bigint      NOT NULL CHECK (next_offset >= 0),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, topic, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE projection_checkpoint');
  }
}
