import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CheckpointedProjectionRunner, KafkaNames, SizedRecord } from '@mp/event-log';
import { KAFKA_NAMES, ProjectionRunners, type AppLogger, type ReadinessChecks } from '@mp/platform';
import { SUPPORT_SETTINGS, type SupportAppConfig } from '../support.settings';
import type { IndexedTopic, IndexRecord, KafkaCoordinates } from './index-record.types';
import { IndexWriter, SUPPORT_PROJECTION } from './index-writer.service';
import { decodeIndexed, skippedByIndex } from './record.decoder';

type Indexed = Exclude<IndexRecord, { kind: 'skipped' | 'unreadable' }>;

/**
 * The event index projector: reads the purchase event log, the effect records, rejected records and parking
 * records (read committed) on the checkpointed projection runner, and applies them with IndexWriter. PostgreSQL
 * holds the offsets (G6). What it cannot read it keeps in the index itself, as a rejected record.
 */
@Injectable()
export class EventIndexer implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: CheckpointedProjectionRunner<Indexed> | null = null;
  private readonly roles: ReadonlyMap<string, IndexedTopic>;
  private readonly groupId: string;
  private running: Promise<void> = Promise.resolve();
  private readonly logger: AppLogger;
  private readonly readiness: ReadinessChecks;

  constructor(
    @Inject(SUPPORT_SETTINGS) private readonly config: SupportAppConfig,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    private readonly runners: ProjectionRunners,
    private readonly writer: IndexWriter,
  ) {
    this.logger = runners.logger;
    this.readiness = runners.readiness;
    this.groupId = names.groups.supportIndexer;
    this.roles = new Map<string, IndexedTopic>([
      [names.topics.purchaseEvents, 'events'],
      [names.topics.purchaseEffects, 'effects'],
      [names.topics.rejectedRecords, 'rejected'],
      [names.topics.purchaseParking, 'parking'],
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.support.indexerEnabled) return;
    await this.start();
    this.readiness.register('supportIndex', () =>
      this.runner === null ? { ready: false, state: 'rebuilding' } : { ...this.runner.status() },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.unregister('supportIndex');
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
    const { names } = this;
    const runner = this.runners.create<Indexed>({
      rejections: (manager, records) => this.writer.reject(manager, records),
      projection: {
        name: SUPPORT_PROJECTION,
        groupId: this.groupId,
        topics: [...this.roles.keys()],
        keyedByTransactionId: new Set([
          names.topics.purchaseEvents,
          names.topics.purchaseEffects,
          names.topics.purchaseParking,
        ]),
        skip: (record) => skippedByIndex(record.headers),
        decode: (json, record) =>
          decodeIndexed(this.roles.get(record.topic) ?? 'events', json, coordinatesOf(record)),
        apply: (manager, batch) => this.writer.apply(manager, batch),
      },
    });
    await runner.start();
    this.runner = runner;
  }

  private async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.stop();
  }
}

function coordinatesOf(record: SizedRecord): KafkaCoordinates {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: record.key,
  };
}
