import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export interface Checkpoint {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
}

/**
 * One projection's rows in `projection_checkpoint` (G6): the next Kafka offset to apply per topic partition,
 * read and advanced inside the same PostgreSQL transaction as the projection's own rows.
 */
export class ProjectionCheckpoints {
  constructor(readonly projection: string) {}

  /** The next offset of a partition, its row locked until the transaction ends (created at 0 if missing). */
  async lock(manager: EntityManager, topic: string, partition: number): Promise<bigint> {
    await manager.query(
      `INSERT INTO projection_checkpoint (projection, topic, partition, next_offset)
       VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
      [this.projection, topic, partition],
    );
    const rows = await manager.query<{ next_offset: string }[]>(
      `SELECT next_offset FROM projection_checkpoint
        WHERE projection = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [this.projection, topic, partition],
    );
    return BigInt(rows[0]?.next_offset ?? '0');
  }

  /** Records the next offset of a partition locked by `lock` in this transaction. */
  async advance(
    manager: EntityManager,
    topic: string,
    partition: number,
    nextOffset: bigint,
  ): Promise<void> {
    await manager.query(
      `UPDATE projection_checkpoint SET next_offset = $4, updated_at = now()
        WHERE projection = $1 AND topic = $2 AND partition = $3`,
      [this.projection, topic, partition, nextOffset.toString()],
    );
  }

  /** Every stored position of this projection, or of one topic of it. */
  async all(db: Queryable, topic?: string): Promise<Checkpoint[]> {
    const rows = await db.query<{ topic: string; partition: number; next_offset: string }[]>(
      `SELECT topic, partition, next_offset FROM projection_checkpoint
        WHERE projection = $1 AND ($2::text IS NULL OR topic = $2)`,
      [this.projection, topic ?? null],
    );
    return rows.map((row) => ({
      topic: row.topic,
      partition: row.partition,
      nextOffset: BigInt(row.next_offset),
    }));
  }

  /** Forgets every position: the next run reads the log from its start. */
  async clear(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM projection_checkpoint WHERE projection = $1', [
      this.projection,
    ]);
  }
}
