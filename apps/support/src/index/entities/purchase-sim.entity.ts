import { Entity, PrimaryColumn } from 'typeorm';

/** A SIM (ICCID) a purchase touched: reserved, released, reported on, or named by the portal. */
@Entity({ name: 'support_purchase_sim' })
export class PurchaseSimEntity {
  @PrimaryColumn({ type: 'text' })
  iccid!: string;

  @PrimaryColumn({ name: 'transaction_id', type: 'text' })
  transactionId!: string;
}
