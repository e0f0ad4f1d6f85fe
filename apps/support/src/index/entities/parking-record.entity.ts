import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One parking record (parked, held or released) of a purchase (G7). */
@Entity({ name: 'support_parking_record' })
export class ParkingRecordEntity {
  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @PrimaryColumn({ name: 'kafka_offset', type: 'bigint' })
  offset!: string;

  @Column({ name: 'transaction_id', type: 'text' })
  transactionId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  record!: unknown;
}
