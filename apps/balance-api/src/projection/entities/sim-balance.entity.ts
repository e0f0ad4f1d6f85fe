import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A SIM's balance for one set of locations, as GetBalance reads it (expiry, not time left: D14). */
@Entity({ name: 'sim_balance' })
export class SimBalanceEntity {
  @PrimaryColumn('text')
  iccid!: string;

  @PrimaryColumn('text', { name: 'opened_by' })
  openedBy!: string;

  @Column('text', { name: 'balance_type' })
  balanceType!: string;

  @Column('double precision', { name: 'data_mb' })
  dataMB!: number;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('text', { array: true })
  locations!: string[];
}
