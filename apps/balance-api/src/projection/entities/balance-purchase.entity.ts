import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A purchase as far as the projection has read it: its events, to fold through the purchase machine. */
@Entity({ name: 'balance_purchase' })
export class BalancePurchaseEntity {
  @PrimaryColumn('text', { name: 'transaction_id' })
  transactionId!: string;

  @Column('integer', { name: 'last_sequence' })
  lastSequence!: number;

  @Column('jsonb')
  events!: unknown[];

  @Column('text', { name: 'credit_iccid', nullable: true })
  creditIccid!: string | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
