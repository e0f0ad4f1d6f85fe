import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { trace, type Tracer } from '@opentelemetry/api';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
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
  DATA_SOURCE,
  KAFKA_CLIENT,
  KAFKA_NAMES,
  ReadinessChecks,
  type AppLogger,
} from '@mp/platform';
import { addressedIccid } from '../processing/addressed-iccid';
import { RecordDecider } from '../processing/record-decider';
import { EvictedPurchases } from '../state/evicted-purchases.repository';
import { IccidIndexTail } from '../state/iccid-index.tail';
import { barrierMessages } from '../state/partition-barrier';
import { PartitionRestorer } from '../state/partition-restorer';
import { PurchaseStore } from '../state/purchase-store';
import { ChangelogUpkeep } from './changelog-upkeep';
import { EvictedPurchaseLoader } from './evicted-purchase.loader';
import { alertKind, orchestratorMetrics } from './orchestrator.metrics';
import { TimerScheduler } from './timer-scheduler';

/** How long reading a claimed partition back may take before the claim is tried again. */
const restoreTimeoutMs = 300_000;

/**
 * The running orchestrator (ADR 0032): the exactly-once processor of the input topics (portal events, internal
 * inputs, provisioning results: ADR 0021), which restores each partition it claims from the changelog; the
 * changelog's upkeep (evicting ended purchases); the loader of evicted purchases
 * for late inputs; the tail of the changelog for the ICCID index; and the timer scheduler (ADR 0007).
 */
@Injectable()
export class OrchestratorRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly store = new PurchaseStore();
  private readonly tail: IccidIndexTail;
  private readonly processor: ExactlyOnceProcessor;
  private readonly scheduler: TimerScheduler;
  private readonly upkeep: ChangelogUpkeep;

  constructor(
    @Inject(APP_CONFIG) config: OrchestratorConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    @Inject(APP_TRACER) tracer: Tracer,
    @Inject(DATA_SOURCE) db: DataSource,
    private readonly readiness: ReadinessChecks,
  ) {
    const { purchase, processing } = config.orchestrator;
    this.tail = new IccidIndexTail(kafka, this.names, this.store.iccids, logger);
    const restorer = new PartitionRestorer(kafka, this.names, this.store, logger, restoreTimeoutMs);
    const evicted = new EvictedPurchases(db);
    const loader = new EvictedPurchaseLoader(
      this.store,
      evicted,
      this.names.topics.portalEvents,
      logger,
    );
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
        awaitClaimed: async (partition, claimId) => {
          this.release(partition);
          const since = Date.now();
          const restored = await restorer.restore(partition, claimId);
          orchestratorMetrics.restores.inc({ from: restored.from });
          const fields = { partition, ...restored, ms: Date.now() - since };
          logger.info(fields, 'partition restored');
          // Folded from the log: written back, then completed, before the partition is served.
          return restored.from === 'log' ? restorer.writeBack(partition) : [];
        },
        process: async (partition, records) => {
          const iccid = (record: ConsumedRecord) => addressedIccid(record, this.names.topics);
          await this.iccidIndexFor(records, iccid, processing.iccidIndexWaitMs);
          await loader.loadFor(partition, records, iccid);
          return this.withMetrics(decider.decideBatch(partition, records));
        },
        refused: (partition, record, reason) =>
          this.withMetrics(decider.decideRefused(partition, record, reason)),
        released: (partition) => {
          this.release(partition);
          logger.info({ partition }, 'partition released');
        },
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
    this.upkeep = new ChangelogUpkeep(
      this.store,
      this.processor,
      evicted,
      {
        changelogTopic: this.names.topics.purchaseSnapshots,
        evictAfterMs: processing.evictAfterSeconds * 1000,
        everyMs: Math.max(processing.timerPollMs, 1000),
        recordsPerTransaction: processing.maxRecordsPerTransaction,
      },
      () => Date.now(),
      logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Red until the state has caught up with the log and every assigned partition is claimed (ADR 0026).
    this.readiness.register('orchestrator', () => this.status());
    await this.tail.start();
    await this.processor.start();
    this.scheduler.start();
    this.upkeep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.unregister('orchestrator');
    this.scheduler.stop();
    this.upkeep.stop();
    await this.processor.stop();
    await this.tail.stop();
  }

  private status(): { ready: boolean; state: unknown; partitions: unknown } {
    const state = this.tail.status();
    const partitions = this.processor.status();
    orchestratorMetrics.stateCaughtUp.set(state.caughtUp ? 1 : 0);
    return { ready: state.ready && partitions.ready, state, partitions };
  }

  /** A partition claimed again or given away starts from nothing: its claim restores it from the changelog. */
  private release(partition: number): void {
    this.store.dropPartition(partition);
  }

  /**
   * An input addressed by ICCID is routed by the index of every partition, which a process that has just started
   * has not read back yet: such inputs wait (bounded) for the tail to catch up, instead of being rejected as unknown.
   */
  private async iccidIndexFor(
    records: readonly ConsumedRecord[],
    iccid: (record: ConsumedRecord) => string | null,
    waitMs: number,
  ): Promise<void> {
    if (this.tail.status().caughtUp || !records.some((record) => iccid(record) !== null)) {
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
    const { parked, purchases } = this.store.size();
    orchestratorMetrics.parked.set(parked);
    orchestratorMetrics.livePurchases.set(purchases);
  }
}
