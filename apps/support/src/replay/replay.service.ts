import { Injectable } from '@nestjs/common';
import { PurchaseHistoryReader } from '../index/purchase-history.reader';
import { SupportQueries } from '../history/support-queries.service';
import { buildReplay } from './replay.builder';
import type { Replay } from './replay.types';

@Injectable()
export class ReplayService {
  constructor(
    private readonly histories: PurchaseHistoryReader,
    private readonly queries: SupportQueries,
  ) {}

  /** The replay of a purchase's indexed history; null when the index has no event of it. */
  async replay(transactionId: string): Promise<Replay | null> {
    const [rows, effects] = await Promise.all([
      this.histories.rows(transactionId),
      this.queries.effects(transactionId),
    ]);
    if (rows.length === 0) return null;
    return buildReplay(
      transactionId,
      rows.map((row) => ({
        event: row.event,
        kafka: { topic: row.topic, partition: row.partition, offset: row.offset },
      })),
      effects,
    );
  }
}
