import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A redrive support asked for: who, why, when, and where the command went in Kafka. */
@Entity({ name: 'support_redrive' })
export class RedriveEntity {
  @PrimaryColumn({ name: 'redrive_id', type: 'text' })
  redriveId!: string;

  @Column({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer', nullable: true })
  partition!: number | null;

  @Column({ name: 'kafka_offset', type: 'bigint', nullable: true })
  offset!: string | null;
}
