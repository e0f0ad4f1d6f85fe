import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import {
  provisioningRequestSchema,
  type ProvisioningRequest,
  type ProvisioningResultRecord,
} from '@mp/contracts';
import {
  DEFAULT_MAX_RECORD_BYTES,
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
 * Stands in for the operator's provisioning system, speaking exactly its contract (docs/contracts.md section 7,
 * ADR 0021): each request on the provisioning requests topic is answered, after a short delay, with a result
 * (provisioned) on the results topic, keyed by ICCID, so the asyncConnectivity flow completes locally. A real
 * provisioning system replaces it by consuming the same topic: nothing else changes. A redelivered request gives a
 * result for the same requestId, which the orchestrator takes as a duplicate. A record it cannot read (too large,
 * an impossible timestamp, not JSON, not a request) is kept on the rejected-records topic with its reason, and the
 * next one is read.
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
      topics: [this.names.topics.provisioningRequests],
      logger: this.logger,
      run: () => ({
        partitionsConsumedConcurrently: 6,
        eachMessage: ({ topic, partition, message }) =>
          this.handle(readRecord(topic, partition, message)),
      }),
    });
    await consumer.start();
    this.consumer = consumer;
    this.readiness.register('connectivityStandIn', () => consumer.report());
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.unregister('connectivityStandIn');
    await this.consumer?.stop();
    await this.producer?.disconnect().catch(() => undefined);
    await this.rejections?.disconnect();
  }

  private async handle(record: SizedRecord): Promise<void> {
    const screened = screenRecord(record, DEFAULT_MAX_RECORD_BYTES);
    if (!screened.ok) return this.reject(record, screened);
    const parsed = provisioningRequestSchema.safeParse(screened.json);
    if (!parsed.success) {
      const why = schemaRejection(
        'INVALID_REQUEST',
        parsed.error.issues,
        'not a provisioning request',
        screened.json,
      );
      return this.reject(record, why);
    }
    await this.provision(parsed.data);
  }

  private async provision(request: ProvisioningRequest): Promise<void> {
    const delayMs = this.config.smdpSimulator.connectivity.delayMs;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const result: ProvisioningResultRecord = {
      requestId: request.requestId,
      transactionId: request.transactionId,
      iccid: request.iccid,
      outcome: 'provisioned',
      occurredAt: new Date().toISOString(),
    };
    await this.producer?.send({
      topic: this.names.topics.provisioningResults,
      acks: -1,
      messages: [{ key: request.iccid, value: JSON.stringify(result) }],
    });
    this.logger.info(
      { transactionId: request.transactionId },
      'connectivity provisioned (simulated)',
    );
  }

  private async reject(record: SizedRecord, why: RejectionReason): Promise<void> {
    const time = recordTime(record.timestamp);
    const rejection = rejectionOf(CONSUMER, record, why, {
      keyedByTransactionId: false,
      recordTimeMs: 'ms' in time ? time.ms : null,
      now: () => new Date(),
    });
    this.logger.warn(
      { source: rejection.source, code: rejection.code, reason: rejection.reason },
      'provisioning request rejected',
    );
    // Before the offset moves on: a rejection is sent at least once (its id makes a second one the same).
    await this.rejections?.publish([rejection]);
  }
}
