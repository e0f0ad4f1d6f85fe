import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { BalanceApiConfig } from '@mp/config';
import { CheckpointedProjectionRunner, kafkaNames, RejectedRecordPublisher } from '@mp/event-log';
import {
  APP_CONFIG,
  APP_LOGGER,
  APP_TRACER,
  DATA_SOURCE,
  KAFKA_CLIENT,
  ReadinessChecks,
  type AppLogger,
} from '@mp/platform';
import { BalanceReader } from '../balance/balance.reader';
import { BalanceProjector } from './balance.projector';
import type { BalanceInput } from './projection-record.decoder';
import { databaseOf } from './database-of';

/**
 * The live projector of this instance: the purchase event log and usage into the balance tables, on the checkpointed
 * projection runner. GetBalance is ready once the projection has caught up with what the log held at start: before
 * that, balances would be answered from a projection still on its way.
 */
@Injectable()
export class BalanceProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: CheckpointedProjectionRunner<BalanceInput, string[]> | null = null;
  private rejections: RejectedRecordPublisher | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly reader: BalanceReader,
    private readonly readiness: ReadinessChecks,
    @Inject(APP_TRACER) private readonly tracer: Tracer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.balanceApi.projectorEnabled) return;
    const namespace = this.config.kafka?.namespace ?? '';
    const names = kafkaNames(namespace);
    const rejections = new RejectedRecordPublisher(this.kafka, names.topics.rejectedRecords);
    await rejections.connect();
    this.rejections = rejections;
    const runner = new CheckpointedProjectionRunner({
      kafka: this.kafka,
      dataSource: this.dataSource,
      logger: this.logger,
      tracer: this.tracer,
      rejections: (_manager, records) => rejections.publish(records),
      projection: new BalanceProjector({
        schema: databaseOf(this.config).schema,
        namespace,
        groupId: names.groups.balanceProjector,
        now: () => new Date(),
        onApplied: (changed) => this.reader.forget(changed),
      }),
    });
    await runner.start();
    this.runner = runner;
    this.readiness.register('balanceProjection', () => ({ ...runner.status() }));
    this.logger.info('balance projector started');
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.unregister('balanceProjection');
    await this.runner?.stop();
    await this.rejections?.disconnect();
  }
}
