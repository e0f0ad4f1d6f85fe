import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  DomainError,
  type RedriveErrorCode,
  type RedriveRecord,
  redriveRecordSchema,
} from '@mp/contracts';
import { Headers, idempotentProducerOptions, type KafkaNames } from '@mp/event-log';
import { APP_LOGGER, DATA_SOURCE, KAFKA_CLIENT, KAFKA_NAMES, type AppLogger } from '@mp/platform';
import { RedriveEntity } from '../index/entities/redrive.entity';
import { SupportQueries } from '../history/support-queries.service';
import { OperatorActions } from '../operator/operator-actions.service';

export interface RedriveReceipt extends RedriveRecord {
  readonly kafka: { readonly topic: string; readonly partition: number; readonly offset: string };
}

/**
 * Asks the orchestrator to release a parked purchase (G7): a `redrive` command on the inputs topic, keyed by
 * the transactionId, and a row saying who asked and why. The row commits only once Kafka has the command.
 */
@Injectable()
export class RedriveService implements OnApplicationShutdown {
  private producer: Promise<Producer> | null = null;
  private readonly topic: string;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(KAFKA_NAMES) names: KafkaNames,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly queries: SupportQueries,
    private readonly actions: OperatorActions,
  ) {
    this.topic = names.topics.purchaseInputs;
  }

  async redrive(
    transactionId: string,
    requestedBy: string,
    reason: string,
  ): Promise<RedriveReceipt> {
    const summary = await this.queries.summary(transactionId);
    if (summary === null) {
      throw new DomainError<RedriveErrorCode>(
        'UNKNOWN_TRANSACTION',
        `No purchase ${transactionId} in the event index.`,
        'transactionId',
      );
    }
    if (!summary.parked) {
      throw new DomainError<RedriveErrorCode>(
        'NOT_PARKED',
        `Purchase ${transactionId} is not parked.`,
        'transactionId',
      );
    }
    const record = redriveRecordSchema.parse({
      kind: 'redrive',
      redriveId: randomUUID(),
      transactionId,
      requestedBy,
      reason,
      requestedAt: new Date().toISOString(),
    });
    const kafka = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(RedriveEntity);
      await repository.insert({
        redriveId: record.redriveId,
        transactionId,
        requestedBy,
        reason,
        requestedAt: new Date(record.requestedAt),
        topic: this.topic,
        partition: null,
        offset: null,
      });
      await this.actions.record(
        {
          actionId: record.redriveId,
          action: 'redrive',
          requestedBy,
          transactionId,
          reason,
          at: new Date(record.requestedAt),
        },
        manager,
      );
      const producer = await this.connectedProducer();
      const [sent] = await producer.send({
        topic: this.topic,
        messages: [
          {
            key: transactionId,
            value: JSON.stringify(record),
            headers: { [Headers.transactionId]: transactionId },
          },
        ],
      });
      const partition = sent?.partition ?? null;
      const offset = sent?.baseOffset ?? null;
      await repository.update({ redriveId: record.redriveId }, { partition, offset });
      return { topic: this.topic, partition: partition ?? -1, offset: offset ?? '' };
    });
    this.logger.info(
      {
        redriveId: record.redriveId,
        requestedBy,
        reason,
        topic: kafka.topic,
        partition: kafka.partition,
        offset: kafka.offset,
      },
      'redrive requested',
    );
    return { ...record, kafka };
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer !== null) await (await producer.catch(() => null))?.disconnect();
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer === null) {
      const producer = this.kafka.producer(idempotentProducerOptions);
      this.producer = producer.connect().then(
        () => producer,
        (error: unknown) => {
          this.producer = null;
          throw error;
        },
      );
    }
    return this.producer;
  }
}
