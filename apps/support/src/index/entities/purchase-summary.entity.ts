import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per purchase: what search filters on. Recomputed from the purchase's events on every change. */
@Entity({ name: 'support_purchase' })
export class PurchaseSummaryEntity {
  @PrimaryColumn({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @Column({ type: 'text', nullable: true })
  flow!: string | null;

  @Column({ type: 'text', nullable: true })
  state!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'event_count', type: 'integer', default: 0 })
  eventCount!: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'timer_id', type: 'text', nullable: true })
  timerId!: string | null;

  @Column({ name: 'timer_due_at', type: 'timestamptz', nullable: true })
  timerDueAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  parked!: boolean;

  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt!: Date | null;

  @Column({ name: 'park_error', type: 'jsonb', nullable: true })
  parkError!: { code: string; message: string } | null;

  @Column({ name: 'held_count', type: 'integer', default: 0 })
  heldCount!: number;
}
