import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A record no purchase accepted (G8), from the rejected-records topic or unreadable on one the index reads. */
@Entity({ name: 'support_rejected_record' })
export class RejectedRecordEntity {
  @PrimaryColumn({ name: 'rejection_id', type: 'text' })
  rejectionId!: string;

  @Column({ name: 'transaction_id', type: 'text', nullable: true })
  transactionId!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  parameter!: string | null;

  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'jsonb' })
  source!: { topic: string; partition: number; offset: string; key: string | null };

  @Column({ name: 'rejected_at', type: 'timestamptz' })
  rejectedAt!: Date;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ name: 'kafka_offset', type: 'bigint' })
  offset!: string;
}
