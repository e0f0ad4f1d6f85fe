import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An effect record as the orchestrator appended it: what the replay compares its recomputed effects with. */
@Entity({ name: 'support_effect' })
export class IndexedEffectEntity {
  @PrimaryColumn({ name: 'effect_id', type: 'text' })
  effectId!: string;

  @Column({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @Column({ name: 'causation_id', type: 'text' })
  causationId!: string;

  @Column({ name: 'effect_type', type: 'text' })
  effectType!: string;

  @Column({ type: 'jsonb' })
  effect!: unknown;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ name: 'kafka_offset', type: 'bigint' })
  offset!: string;
}
