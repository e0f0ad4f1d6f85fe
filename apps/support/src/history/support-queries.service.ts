import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@mp/platform';
import { ParkingRecordEntity } from '../index/entities/parking-record.entity';
import { PurchaseSummaryEntity } from '../index/entities/purchase-summary.entity';
import { RedriveEntity } from '../index/entities/redrive.entity';
import { RejectedRecordEntity } from '../index/entities/rejected-record.entity';
import type { RejectedQuery, SearchQuery } from '../http/support.schemas';
import type { RecordedEffect } from '../replay/replay.types';

export type IndexedEffectRow = RecordedEffect;

/** A link between a purchase and a launch's transactionId, at the LpaErrorReported step that made it. */
export interface TransactionLink {
  readonly transactionId: string;
  readonly sequence: number;
}

/** Reads of the index other than the event history itself (PurchaseHistoryReader). */
@Injectable()
export class SupportQueries {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  summary(transactionId: string): Promise<PurchaseSummaryEntity | null> {
    return this.dataSource.getRepository(PurchaseSummaryEntity).findOneBy({ transactionId });
  }

  /** Plain SQL: with the history, the replay's hot path (bench/support). */
  async effects(transactionId: string): Promise<IndexedEffectRow[]> {
    const rows: {
      effect_id: string;
      causation_id: string;
      effect: unknown;
      topic: string;
      partition: number;
      kafka_offset: string;
    }[] = await this.dataSource.query(
      `SELECT effect_id, causation_id, effect, topic, partition, kafka_offset
           FROM support_effect WHERE transaction_id = $1 ORDER BY kafka_offset`,
      [transactionId],
    );
    return rows.map((row) => ({
      effectId: row.effect_id,
      causationId: row.causation_id,
      effect: row.effect,
      kafka: { topic: row.topic, partition: row.partition, offset: row.kafka_offset },
    }));
  }

  /** ADR 0027: the purchase a new launch's LPA error was filed under, if `transactionId` is such a launch. */
  async aliasOf(transactionId: string): Promise<TransactionLink | null> {
    const rows: { original_transaction_id: string; sequence: number }[] =
      await this.dataSource.query(
        'SELECT original_transaction_id, sequence FROM support_transaction_alias WHERE transaction_id = $1',
        [transactionId],
      );
    const row = rows[0];
    return row === undefined
      ? null
      : { transactionId: row.original_transaction_id, sequence: row.sequence };
  }

  /** The new launches whose LPA errors this purchase took up, with the sequence of each LpaErrorReported step. */
  async aliases(transactionId: string): Promise<TransactionLink[]> {
    const rows: { transaction_id: string; sequence: number }[] = await this.dataSource.query(
      `SELECT transaction_id, sequence FROM support_transaction_alias
        WHERE original_transaction_id = $1 ORDER BY sequence, transaction_id`,
      [transactionId],
    );
    return rows.map((row) => ({ transactionId: row.transaction_id, sequence: row.sequence }));
  }

  parking(transactionId: string): Promise<ParkingRecordEntity[]> {
    return this.dataSource
      .getRepository(ParkingRecordEntity)
      .find({ where: { transactionId }, order: { offset: 'ASC' } });
  }

  redrives(transactionId: string): Promise<RedriveEntity[]> {
    return this.dataSource
      .getRepository(RedriveEntity)
      .find({ where: { transactionId }, order: { requestedAt: 'ASC' } });
  }

  /** The purchases that touched a SIM, newest first. */
  bySim(iccid: string): Promise<PurchaseSummaryEntity[]> {
    return this.dataSource
      .getRepository(PurchaseSummaryEntity)
      .createQueryBuilder('p')
      .innerJoin('support_purchase_sim', 's', 's.transaction_id = p.transaction_id')
      .where('s.iccid = :iccid', { iccid })
      .orderBy('p.startedAt', 'DESC', 'NULLS LAST')
      .addOrderBy('p.transactionId', 'ASC')
      .getMany();
  }

  search(query: SearchQuery): Promise<PurchaseSummaryEntity[]> {
    const builder = this.dataSource
      .getRepository(PurchaseSummaryEntity)
      .createQueryBuilder('p')
      .orderBy('p.startedAt', 'DESC', 'NULLS LAST')
      .addOrderBy('p.transactionId', 'ASC')
      .limit(query.limit);
    if (query.q !== undefined) {
      builder.andWhere(
        `(p.transaction_id LIKE :prefix ESCAPE '\\' OR p.transaction_id IN
           (SELECT transaction_id FROM support_purchase_sim WHERE iccid = :q))`,
        { prefix: `${escapeLike(query.q)}%`, q: query.q },
      );
    }
    if (query.state !== undefined) builder.andWhere('p.state = :state', { state: query.state });
    if (query.flow !== undefined) builder.andWhere('p.flow = :flow', { flow: query.flow });
    if (query.from !== undefined) builder.andWhere('p.started_at >= :from', { from: query.from });
    if (query.to !== undefined) builder.andWhere('p.started_at < :to', { to: query.to });
    if (query.parked !== undefined)
      builder.andWhere('p.parked = :parked', { parked: query.parked });
    if (query.waitingOnTimer === true) builder.andWhere('p.timer_due_at IS NOT NULL');
    if (query.waitingOnTimer === false) builder.andWhere('p.timer_due_at IS NULL');
    return builder.getMany();
  }

  rejected(query: RejectedQuery): Promise<RejectedRecordEntity[]> {
    const builder = this.dataSource
      .getRepository(RejectedRecordEntity)
      .createQueryBuilder('r')
      .orderBy('r.rejectedAt', 'DESC')
      .addOrderBy('r.rejectionId', 'ASC')
      .limit(query.limit);
    if (query.transactionId !== undefined)
      builder.andWhere('r.transaction_id = :transactionId', { transactionId: query.transactionId });
    if (query.code !== undefined) builder.andWhere('r.code = :code', { code: query.code });
    if (query.from !== undefined) builder.andWhere('r.rejected_at >= :from', { from: query.from });
    if (query.to !== undefined) builder.andWhere('r.rejected_at < :to', { to: query.to });
    return builder.getMany();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
