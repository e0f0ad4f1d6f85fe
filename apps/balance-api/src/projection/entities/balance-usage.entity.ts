import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One usage event, kept once per eventId (D17). */
@Entity({ name: 'balance_usage' })
export class BalanceUsageEntity {
  @PrimaryColumn('text', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  iccid!: string;

  @Column('text')
  location!: string;

  @Column('double precision', { name: 'used_mb' })
  usedMB!: number;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;
}
