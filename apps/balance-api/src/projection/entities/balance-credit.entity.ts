import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The plan a completed purchase put on a SIM (one per purchase). */
@Entity({ name: 'balance_credit' })
export class BalanceCreditEntity {
  @PrimaryColumn('text', { name: 'transaction_id' })
  transactionId!: string;

  @Column('text')
  iccid!: string;

  @Column('text', { name: 'balance_type' })
  balanceType!: string;

  @Column('double precision', { name: 'data_mb' })
  dataMB!: number;

  @Column('text')
  validity!: string;

  @Column('text', { array: true })
  locations!: string[];

  @Column('timestamptz', { name: 'credited_at' })
  creditedAt!: Date;
}
