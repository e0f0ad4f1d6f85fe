import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { BalanceApiConfig } from '@mp/config';
import type {
  CheckpointedProjectionRunner,
  KafkaNames,
  RejectedRecordPublisher,
} from '@mp/event-log';
import { APP_CONFIG, KAFKA_NAMES, ProjectionRunners } from '@mp/platform';
import { BalanceReader } from '../balance/balance.reader';
import { BalanceProjector, type AppliedBalances } from './balance.projector';
import type { BalanceInput } from './projection-record.decoder';

/**
 * The live projector of this instance: the purchase event log and usage into the balance tables, on the checkpointed
 * projection runner. GetBalance is ready once the projection has caught up with what the log held at start: before
 * that, balances would be answered from a projection still on its way.
 */
@Injectable()
export class BalanceProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: CheckpointedProjectionRunner<BalanceInput, AppliedBalances> | null = null;
  private rejections: RejectedRecordPublisher | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: BalanceApiConfig,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    private readonly runners: ProjectionRunners,
    private readonly reader: BalanceReader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.balanceApi.projectorEnabled) return;
    const { names, runners } = this;
    const rejections = runners.rejectedRecords(names.topics.rejectedRecords);
    await rejections.connect();
    this.rejections = rejections;
    const runner = runners.create({
      rejections: (_manager, records) => rejections.publish(records),
      projection: new BalanceProjector({
        schema: this.config.database.schema,
        namespace: this.config.kafka.namespace,
        groupId: names.groups.balanceProjector,
        now: () => new Date(),
        onApplied: (changed) => this.reader.forget(changed),
      }),
    });
    await runner.start();
    this.runner = runner;
    runners.readiness.register('balanceProjection', () => ({ ...runner.status() }));
    runners.logger.info('balance projector started');
  }

  async onApplicationShutdown(): Promise<void> {
    this.runners.readiness.unregister('balanceProjection');
    await this.runner?.stop();
    await this.rejections?.disconnect();
  }
}
