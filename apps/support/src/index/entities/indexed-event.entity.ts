import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One purchase event as the index holds it: the upcast event and where it sits in Kafka. */
@Entity({ name: 'support_event' })
export class IndexedEventEntity {
  @PrimaryColumn({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  /** The version the event was written at (the stored data is upcast to the current one). */
  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'causation_id', type: 'text' })
  causationId!: string;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ type: 'jsonb' })
  metadata!: unknown;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  /** bigint: pg returns it as a string, which is how Kafka offsets travel anyway. */
  @Column({ name: 'kafka_offset', type: 'bigint' })
  offset!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
