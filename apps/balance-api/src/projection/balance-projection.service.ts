import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { BalanceApiConfig } from '@mp/config';
import { kafkaNames } from '@mp/event-log';
import { APP_CONFIG, APP_LOGGER, DATA_SOURCE, KAFKA_CLIENT, type AppLogger } from '@mp/platform';
import { BalanceReader } from '../balance/balance.reader';
import { BalanceProjector } from './balance.projector';
import {
  projectedTopics,
  rejectedRecordSink,
  runProjection,
  type ProjectionRun,
} from './projection.consumer';
import { databaseOf } from './database-of';

/** The live projector of this instance: the purchase event log and usage into the balance tables. */
@Injectable()
export class BalanceProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private run: ProjectionRun | null = null;
  private producer: Producer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly reader: BalanceReader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.balanceApi.projectorEnabled) return;
    const namespace = this.config.kafka?.namespace ?? '';
    // Rejections carry deterministic ids, so a retried send that lands twice is recognisable; no idempotence needed.
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    this.producer = producer;
    const projector = new BalanceProjector({
      dataSource: this.dataSource,
      schema: databaseOf(this.config).schema,
      topicRoles: projectedTopics(namespace),
      reject: rejectedRecordSink(producer, namespace),
      now: () => new Date(),
    });
    this.run = await runProjection({
      kafka: this.kafka,
      groupId: kafkaNames(namespace).groups.balanceProjector,
      namespace,
      projector,
      onApplied: (changed) => {
        if (changed.length > 0) this.reader.forget(changed);
      },
    });
    this.logger.info('balance projector started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.run?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }
}
