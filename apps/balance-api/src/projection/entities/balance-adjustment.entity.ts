import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One balance adjustment of the charging system, kept once per eventId (ADR 0020). */
@Entity({ name: 'balance_adjustment' })
export class BalanceAdjustmentEntity {
  @PrimaryColumn('text', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  iccid!: string;

  @Column('text')
  kind!: string;

  /** The adjustment as read (validated and normalised), envelope included. */
  @Column('jsonb')
  adjustment!: unknown;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;
}
