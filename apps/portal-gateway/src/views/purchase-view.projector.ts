import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { PurchaseEvent } from '@mp/contracts';
import type {
  CheckpointedProjectionRunner,
  KafkaNames,
  RejectedRecordPublisher,
} from '@mp/event-log';
import { KAFKA_NAMES, ProjectionRunners, type ReadinessChecks } from '@mp/platform';
import { purchaseViewProjection, type KeptViews } from './purchase-view.projection';

/**
 * Projects the purchase event log into `purchase_view` (G6) on the checkpointed projection runner: the rows and the
 * offset they reflect are written in one PostgreSQL transaction. Records the view cannot read are kept on the
 * rejected-records topic.
 */
@Injectable()
export class PurchaseViewProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: CheckpointedProjectionRunner<PurchaseEvent, KeptViews>;
  private readonly rejections: RejectedRecordPublisher;
  private readonly readiness: ReadinessChecks;

  constructor(@Inject(KAFKA_NAMES) names: KafkaNames, runners: ProjectionRunners) {
    this.readiness = runners.readiness;
    this.rejections = runners.rejectedRecords(names.topics.rejectedRecords);
    this.runner = runners.create({
      rejections: (_manager, records) => this.rejections.publish(records),
      projection: purchaseViewProjection(names),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rejections.connect();
    await this.runner.start();
    // Portal events are taken while the view catches up: the gateway is degraded then, not unready.
    this.readiness.register('purchaseViews', () => ({ ...this.runner.status() }), {
      required: false,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.unregister('purchaseViews');
    await this.runner.stop();
    await this.rejections.disconnect();
  }
}
