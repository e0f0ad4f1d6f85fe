import { ProjectionCheckpoints } from '@mp/database';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '@mp/config';
import { parsePurchaseEvent, type PurchaseEvent } from '@mp/contracts';
import { decodeHeaders, Headers, kafkaNames, RecordKinds, type KafkaNames } from '@mp/event-log';
import { fold, purchaseViewOf } from '@mp/purchase-machine';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA_CLIENT, type AppLogger } from '@mp/platform';
import { VIEW_CHANNEL } from './view-notifications';

const checkpoints = new ProjectionCheckpoints('purchase-view');

/**
 * Projects the purchase event log into `purchase_view` (G6): the rows and the offset they reflect are written in
 * one PostgreSQL transaction, records below the stored offset are skipped, and each event applies once by its
 * sequence number. Positions come from `projection_checkpoint`, never from Kafka's committed offsets.
 */
@Injectable()
export class PurchaseViewProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly names: KafkaNames;
  private consumer: Consumer | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.names = kafkaNames(config.kafka?.namespace ?? '');
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.names.groups.purchaseViewProjector,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      void this.seekToCheckpoints(payload.memberAssignment).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'purchase views: reading checkpoints failed'),
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.names.topics.purchaseEvents, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async seekToCheckpoints(assignment: Record<string, number[]>): Promise<void> {
    const topic = this.names.topics.purchaseEvents;
    const assigned = new Set(assignment[topic] ?? []);
    for (const stored of await checkpoints.all(this.db, topic)) {
      if (assigned.has(stored.partition)) {
        this.consumer?.seek({
          topic,
          partition: stored.partition,
          offset: stored.nextOffset.toString(),
        });
      }
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const changed = await this.db.transaction(async (manager) => {
      const next = await checkpoints.lock(manager, batch.topic, batch.partition);
      const byPurchase = new Map<string, PurchaseEvent[]>();
      for (const message of batch.messages) {
        if (BigInt(message.offset) < next) continue;
        const headers = decodeHeaders(message.headers);
        if (headers[Headers.recordKind] !== RecordKinds.event || message.value === null) continue;
        const parsed = parsePurchaseEvent(JSON.parse(message.value.toString('utf8')));
        if (!parsed.ok) {
          this.logger.error({ offset: message.offset }, `purchase views: ${parsed.reason}`);
          continue;
        }
        const id = parsed.event.metadata.transactionId;
        byPurchase.set(id, [...(byPurchase.get(id) ?? []), parsed.event]);
      }
      const updated: string[] = [];
      for (const [transactionId, events] of byPurchase) {
        if (await this.applyEvents(manager, transactionId, events)) updated.push(transactionId);
      }
      const last = batch.messages[batch.messages.length - 1]!.offset;
      await checkpoints.advance(manager, batch.topic, batch.partition, BigInt(last) + 1n);
      for (const transactionId of updated) {
        await manager.query('SELECT pg_notify($1, $2)', [VIEW_CHANNEL, transactionId]);
      }
      return updated.length;
    });
    payload.resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
    if (changed > 0) await payload.heartbeat();
  }

  private async applyEvents(
    manager: EntityManager,
    transactionId: string,
    events: readonly PurchaseEvent[],
  ): Promise<boolean> {
    const rows = await manager.query<{ history: PurchaseEvent[] }[]>(
      'SELECT history FROM purchase_view WHERE transaction_id = $1 FOR UPDATE',
      [transactionId],
    );
    const history = [...(rows[0]?.history ?? [])];
    for (const event of events) {
      if (event.metadata.sequence === history.length + 1) history.push(event);
    }
    if (history.length === (rows[0]?.history.length ?? 0)) return false;
    const view = purchaseViewOf(fold(history));
    if (view === null) return false;
    await manager.query(
      `INSERT INTO purchase_view (transaction_id, last_sequence, history, view, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (transaction_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
         history = EXCLUDED.history, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at`,
      [
        transactionId,
        history.length,
        JSON.stringify(history),
        JSON.stringify(view),
        history[history.length - 1]!.metadata.occurredAt,
      ],
    );
    return true;
  }
}
