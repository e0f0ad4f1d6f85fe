import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import {
  purchaseEffectRecordSchema,
  type PurchaseEffectRecord,
  type RoutedInputRecord,
} from '@mp/contracts';
import {
  DEFAULT_MAX_RECORD_BYTES,
  Headers,
  idempotentProducerOptions,
  readRecord,
  recordTime,
  RejectedRecordPublisher,
  rejectionOf,
  schemaRejection,
  screenRecord,
  SupervisedConsumer,
  type KafkaNames,
  type RejectionReason,
  type SizedRecord,
} from '@mp/event-log';
import {
  APP_CONFIG,
  APP_LOGGER,
  KAFKA_CLIENT,
  KAFKA_NAMES,
  ReadinessChecks,
  type AppLogger,
} from '@mp/platform';
import { type SmdpSimulatorConfig } from '../simulator.state';

const CONSUMER = 'connectivity';

/**
 * Stands in for the operator's network: each ProvisionConnectivity effect is answered, after a short delay, with a
 * `connectivityResult` input (provisioned), so the asyncConnectivity flow completes locally. The input id derives
 * from the effect id, so a redelivered effect gives an input the orchestrator recognises as a duplicate. A record
 * it cannot read (too large, an impossible timestamp, not JSON, not an effect) is kept on the rejected-records topic
 * with its reason, and the next one is read.
 */
@Injectable()
export class ConnectivityStandIn implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: SupervisedConsumer | undefined;
  private producer: Producer | undefined;
  private rejections: RejectedRecordPublisher | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: SmdpSimulatorConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(KAFKA_NAMES) private readonly names: KafkaNames,
    private readonly readiness: ReadinessChecks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.smdpSimulator.connectivity.enabled) return;
    this.producer = this.kafka.producer(idempotentProducerOptions);
    await this.producer.connect();
    this.rejections = new RejectedRecordPublisher(this.kafka, this.names.topics.rejectedRecords);
    await this.rejections.connect();
    const consumer = new SupervisedConsumer({
      kafka: this.kafka,
      name: CONSUMER,
      config: { groupId: this.names.groups.connectivity },
      topics: [this.names.topics.purchaseEffects],
      logger: this.logger,
      run: () => ({
        partitionsConsumedConcurrently: 6,
        eachMessage: ({ topic, partition, message }) =>
          this.handle(readRecord(topic, partition, message)),
      }),
    });
    await consumer.start();
    this.consumer = consumer;
    this.readiness.register('connectivityStandIn', () => ({
      ready: consumer.state === 'running',
      state: consumer.state,
      ...(consumer.failure === undefined ? {} : { detail: consumer.failure }),
    }));
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.unregister('connectivityStandIn');
    await this.consumer?.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.rejections?.disconnect();
  }

  private async handle(record: SizedRecord): Promise<void> {
    const type = record.headers[Headers.effectType];
    // Another effect, for another consumer (the SM-DP+ adapter, the support index).
    if (type !== undefined && type !== 'ProvisionConnectivity') return;
    const screened = screenRecord(record, DEFAULT_MAX_RECORD_BYTES);
    if (!screened.ok) return this.reject(record, screened);
    const parsed = purchaseEffectRecordSchema.safeParse(screened.json);
    if (!parsed.success) {
      const why = schemaRejection(
        'INVALID_EFFECT',
        parsed.error.issues,
        'not an effect record',
        screened.json,
      );
      return this.reject(record, why);
    }
    if (parsed.data.effect.type !== 'ProvisionConnectivity') return;
    await this.provision(parsed.data, parsed.data.effect.iccid);
  }

  private async provision(record: PurchaseEffectRecord, iccid: string): Promise<void> {
    const delayMs = this.config.smdpSimulator.connectivity.delayMs;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const input: RoutedInputRecord = {
      kind: 'input',
      address: { transactionId: record.transactionId },
      input: {
        kind: 'connectivityResult',
        id: `connectivity:${record.effectId}`,
        at: new Date().toISOString(),
        iccid,
        outcome: 'provisioned',
      },
    };
    await this.producer?.send({
      topic: this.names.topics.purchaseInputs,
      acks: -1,
      messages: [{ key: record.transactionId, value: JSON.stringify(input) }],
    });
    this.logger.info(
      { transactionId: record.transactionId },
      'connectivity provisioned (simulated)',
    );
  }

  private async reject(record: SizedRecord, why: RejectionReason): Promise<void> {
    const time = recordTime(record.timestamp);
    const rejection = rejectionOf(CONSUMER, record, why, {
      keyedByTransactionId: true,
      recordTimeMs: 'ms' in time ? time.ms : null,
      now: () => new Date(),
    });
    this.logger.warn(
      { source: rejection.source, code: rejection.code, reason: rejection.reason },
      'effect record rejected',
    );
    // Before the offset moves on: a rejection is sent at least once (its id makes a second one the same).
    await this.rejections?.publish([rejection]);
  }
}
