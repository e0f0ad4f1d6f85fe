import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Something an operator did (a redrive, an index rebuild): who, when, why, to what. Never rebuilt, never cleared. */
@Entity({ name: 'support_operator_action' })
export class OperatorActionEntity {
  @PrimaryColumn({ name: 'action_id', type: 'text' })
  actionId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'transaction_id', type: 'text', nullable: true })
  transactionId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
