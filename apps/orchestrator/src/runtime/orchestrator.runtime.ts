import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { trace, type Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { OrchestratorConfig } from '@mp/config';
import {
  ExactlyOnceProcessor,
  TransactionalIdPrefixes,
  type ConsumedRecord,
  type KafkaNames,
  type TransactionPlan,
} from '@mp/event-log';
import {
  APP_CONFIG,
  APP_LOGGER,
  APP_TRACER,
  KAFKA_CLIENT,
  KAFKA_NAMES,
  ReadinessChecks,
  type AppLogger,
} from '@mp/platform';
import { RecordDecider } from '../processing/record-decider';
import { barrierMessages } from '../state/partition-barrier';
import { LogTail } from '../state/log-tail';
import { PurchaseStore } from '../state/purchase-store';
import { alertKind, orchestratorMetrics } from './orchestrator.metrics';
import { TimerScheduler } from './timer-scheduler';

/**
 * The running orchestrator: the log tail that keeps every purchase in memory, the exactly-once processor of the
 * input topics (portal events, internal inputs, provisioning results: ADR 0021), and the timer scheduler (ADR 0007).
 */
@Injectable()
export class OrchestratorRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly store = new PurchaseStore();
  private readonly tail: LogTail;
  private readonly processor: ExactlyOnceProcessor;
  private readonly scheduler: TimerScheduler;

  constructor(
    @Inject(APP_CONFIG) config: OrchestratorConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    @Inject(APP_TRACER) tracer: Tracer,
    private readonly readiness: ReadinessChecks,
  ) {
    const { purchase, processing } = config.orchestrator;
    this.tail = new LogTail(kafka, this.names, this.store, logger);
    const decider = new RecordDecider(this.store, {
      topics: this.names.topics,
      settings: purchase,
      maxAttempts: processing.maxAttempts,
      now: () => new Date(),
      onOutcome: (outcome) => {
        orchestratorMetrics.inputs.inc({ outcome });
        trace.getActiveSpan()?.setAttribute('mp.decision.outcome', outcome);
      },
      onAlerts: (alerts) => {
        for (const { transactionId, code, message } of alerts) {
          orchestratorMetrics.alerts.inc({ alert: alertKind(code) });
          logger.warn({ transactionId, alert: code }, message);
        }
      },
      onFailure: (transactionId, error, attempt) =>
        logger.warn({ transactionId, attempt, err: error }, 'processing an input failed'),
      tracer,
    });
    this.processor = new ExactlyOnceProcessor(
      kafka,
      {
        groupId: this.names.groups.orchestrator,
        topics: [
          this.names.topics.portalEvents,
          this.names.topics.purchaseInputs,
          this.names.topics.provisioningResults,
        ],
        transactionalIdPrefix: this.names.transactionalId(TransactionalIdPrefixes.orchestrator),
        partitionsConsumedConcurrently: processing.partitionConcurrency,
        maxRecordsPerTransaction: processing.maxRecordsPerTransaction,
        sessionTimeoutMs: processing.sessionTimeoutMs,
      },
      {
        claimMessages: (partition, claimId, memberId) =>
          barrierMessages(
            this.names.topics,
            partition,
            { claimId, memberId },
            new Date().toISOString(),
          ),
        awaitClaimed: (_partition, claimId) => this.tail.awaitBarrier(claimId),
        process: async (partition, records) => {
          await this.iccidIndexFor(records, decider, processing.iccidIndexWaitMs);
          return this.withMetrics(decider.decideBatch(partition, records));
        },
        refused: (partition, record, reason) =>
          this.withMetrics(decider.decideRefused(partition, record, reason)),
        released: (partition) => logger.info({ partition }, 'partition released'),
      },
      logger,
    );
    this.scheduler = new TimerScheduler(
      this.store,
      this.processor,
      decider,
      processing.timerPollMs,
      logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Red until the state has caught up with the log and every assigned partition is claimed (ADR 0026).
    this.readiness.register('orchestrator', () => this.status());
    await this.tail.start();
    await this.processor.start();
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.unregister('orchestrator');
    this.scheduler.stop();
    await this.processor.stop();
    await this.tail.stop();
  }

  private status(): { ready: boolean; state: unknown; partitions: unknown } {
    const state = this.tail.status();
    const partitions = this.processor.status();
    orchestratorMetrics.stateCaughtUp.set(state.caughtUp ? 1 : 0);
    return { ready: state.ready && partitions.ready, state, partitions };
  }

  /**
   * An input addressed by ICCID is routed by the index of every partition, which a process that has just started
   * has not read back yet: such inputs wait (bounded) for the tail to catch up, instead of being rejected as unknown.
   */
  private async iccidIndexFor(
    records: readonly ConsumedRecord[],
    decider: RecordDecider,
    waitMs: number,
  ): Promise<void> {
    if (this.tail.status().caughtUp || !records.some((record) => decider.readsIccidIndex(record))) {
      return;
    }
    const started = Date.now();
    const caughtUp = await this.tail.waitCaughtUp(waitMs);
    orchestratorMetrics.iccidIndexWait.observe((Date.now() - started) / 1000);
    if (!caughtUp) {
      this.logger.warn(
        { waitMs },
        'the ICCID index has not caught up in time; deciding with what it holds',
      );
    }
  }

  private withMetrics(plan: TransactionPlan): TransactionPlan {
    return {
      messages: plan.messages,
      afterCommit: () => {
        plan.afterCommit();
        this.afterCommit();
      },
    };
  }

  private afterCommit(): void {
    const { parked } = this.store.size();
    orchestratorMetrics.parked.set(parked);
  }
}
