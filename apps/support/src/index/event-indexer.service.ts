import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CheckpointedProjectionRunner, KafkaNames } from '@mp/event-log';
import { KAFKA_NAMES, ProjectionRunners, type AppLogger, type ReadinessChecks } from '@mp/platform';
import { SUPPORT_SETTINGS, type SupportAppConfig } from '../support.settings';
import type { IndexedRecord } from './index-record.types';
import type { KeptSummaries } from './index-writer.service';
import { IndexWriter } from './index-writer.service';
import { supportIndexProjection } from './support-index.projection';

/**
 * The event index projector: reads the purchase event log, the effect records, rejected records and parking
 * records (read committed) on the checkpointed projection runner, and applies them with IndexWriter. PostgreSQL
 * holds the offsets (G6). What it cannot read it keeps in the index itself, as a rejected record.
 */
@Injectable()
export class EventIndexer implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: CheckpointedProjectionRunner<IndexedRecord, KeptSummaries> | null = null;
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
    const runner = this.runners.create<IndexedRecord, KeptSummaries>({
      rejections: (manager, records) => this.writer.reject(manager, records),
      projection: supportIndexProjection(this.names, this.writer),
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
