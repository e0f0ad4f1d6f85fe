import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { kafkaNames } from '@mp/event-log';
import { APP_LOGGER, KAFKA_CLIENT, type AppLogger } from '@mp/platform';
import { SUPPORT_SETTINGS, type SupportAppConfig } from '../support.settings';
import type { IndexedTopic } from './index-record.types';
import { IndexWriter } from './index-writer.service';
import { decodeRecord } from './record.decoder';

/**
 * The event index projector: reads the purchase event log, the effect records, rejected records and parking
 * records (read committed) and applies them with IndexWriter. PostgreSQL holds the offsets (G6): every start
 * seeks to them. The group's own commits follow the database transaction, so after a rebalance or a crash
 * restart they never run ahead of it, and IndexWriter skips whatever it already applied.
 */
@Injectable()
export class EventIndexer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: Consumer | null = null;
  private readonly roles: ReadonlyMap<string, IndexedTopic>;
  private readonly groupId: string;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(SUPPORT_SETTINGS) private readonly config: SupportAppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly writer: IndexWriter,
  ) {
    const names = kafkaNames(config.kafka.namespace);
    this.groupId = names.groups.supportIndexer;
    this.roles = new Map<string, IndexedTopic>([
      [names.topics.purchaseEvents, 'events'],
      [names.topics.purchaseEffects, 'effects'],
      [names.topics.rejectedRecords, 'rejected'],
      [names.topics.purchaseParking, 'parking'],
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.support.indexerEnabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Drops the projection and reads every indexed topic again from its first offset. */
  async rebuild(): Promise<void> {
    const work = this.running.then(async () => {
      await this.stop();
      await this.writer.clear();
      this.logger.warn(
        { projection: 'support-index' },
        'event index cleared; rebuilding from the log',
      );
      await this.start();
    });
    this.running = work.catch(() => undefined);
    await work;
  }

  private async start(): Promise<void> {
    const topics = [...this.roles.keys()];
    const positions = await this.positions(topics);
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const running = consumer.run({ eachBatch: (payload) => this.applyBatch(payload) });
    // run() creates the consumer group synchronously and joins it asynchronously: seeks made now are applied
    // before the first fetch of each partition, so reading starts where PostgreSQL says, not where the group
    // last committed (that differs after a rebuild or a restored database).
    for (const position of positions) consumer.seek(position);
    await running;
  }

  private async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer !== null) await consumer.disconnect();
  }

  private async applyBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    const role = this.roles.get(batch.topic);
    if (role === undefined || batch.messages.length === 0) return;
    if (!payload.isRunning() || payload.isStale()) return;
    const records = batch.messages.map((message) =>
      decodeRecord(role, message, {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        timestamp: message.timestamp,
        key: message.key?.toString('utf8') ?? null,
      }),
    );
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    const applied = await this.writer.applyBatch(batch.topic, batch.partition, records, next);
    for (const record of records) {
      if (record.kind === 'unreadable')
        this.logger.warn(
          {
            topic: record.at.topic,
            partition: record.at.partition,
            offset: record.at.offset,
            code: record.code,
          },
          'unreadable record kept as a rejection',
        );
    }
    this.logger.debug({ topic: batch.topic, partition: batch.partition, applied }, 'indexed');
    await payload.heartbeat();
  }

  /** Where each partition's reading starts: the checkpoint committed with the projection, else the start. */
  private async positions(
    topics: readonly string[],
  ): Promise<{ topic: string; partition: number; offset: string }[]> {
    const checkpoints = await this.writer.checkpoints();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const positions = [];
      for (const topic of topics) {
        const offsets = await withRetries(() => admin.fetchTopicOffsets(topic));
        for (const { partition } of offsets) {
          const stored = checkpoints.get(`${topic}/${partition}`);
          positions.push({ topic, partition, offset: stored?.toString() ?? EARLIEST });
        }
      }
      return positions;
    } finally {
      await admin.disconnect();
    }
  }
}

/** kafkajs' special offset for the first offset still in the log. */
const EARLIEST = '-2';

/** Topics the start-up gate just created may not have a leader yet for a moment. */
async function withRetries<T>(work: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
    }
  }
}
