import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { type RejectedRecord, type RoutedInputRecord } from '@mp/contracts';
import { type KafkaNames, idempotentProducerOptions, withTraceHeaders } from '@mp/event-log';
import { KAFKA_CLIENT, KAFKA_NAMES } from '@mp/platform';

/** Publishes what the adapter learns; every send waits for all in-sync replicas (acks -1) before it resolves. */
@Injectable()
export class InputPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly producer: Producer;

  constructor(
    @Inject(KAFKA_NAMES) readonly names: KafkaNames,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
  ) {
    this.producer = kafka.producer(idempotentProducerOptions);
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Keyed by transactionId, or by ICCID for notifications (the orchestrator routes those). */
  async publishInput(record: RoutedInputRecord): Promise<void> {
    const key =
      'transactionId' in record.address ? record.address.transactionId : record.address.iccid;
    await this.producer.send({
      topic: this.names.topics.purchaseInputs,
      acks: -1,
      // The trace of the call or notification that produced the input goes on with it (ADR 0024).
      messages: [{ key, value: JSON.stringify(record), headers: withTraceHeaders() }],
    });
  }

  async publishRejected(record: RejectedRecord): Promise<void> {
    await this.producer.send({
      topic: this.names.topics.rejectedRecords,
      acks: -1,
      messages: [
        { key: record.source.key, value: JSON.stringify(record), headers: withTraceHeaders() },
      ],
    });
  }
}
