import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  Headers,
  withTraceHeaders,
  type KafkaNames,
  type TopicNames,
  idempotentProducerOptions,
} from '@mp/event-log';
import { DomainError, type IntakeErrorCode } from '@mp/contracts';
import { DATA_SOURCE, KAFKA_CLIENT, KAFKA_NAMES, type Caller } from '@mp/platform';
import { bodySha256 } from './body-hash';

export type IntakeStream = 'portalEvents' | 'usage' | 'balanceAdjustments';

/**
 * Puts accepted events on Kafka. A receipt per eventId remembers the body and the client that sent it: the same
 * body again from the same client is produced again (harmless: consumers dedupe on eventId) so that a 202 always
 * means "durably in Kafka", even when an earlier attempt died between the receipt and the broker's
 * acknowledgement; another body, or another client, under that eventId is refused. The record carries the client
 * in its `mp-client` header, so whoever reads the topic knows who sent it.
 */
@Injectable()
export class IntakeService implements OnModuleInit, OnModuleDestroy {
  private readonly topics: TopicNames;
  private readonly producer: Producer;

  constructor(
    @Inject(KAFKA_NAMES) names: KafkaNames,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {
    this.topics = names.topics;
    this.producer = kafka.producer(idempotentProducerOptions);
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer.disconnect();
  }

  async accept(
    stream: IntakeStream,
    eventId: string,
    key: string,
    body: unknown,
    client: Caller,
  ): Promise<void> {
    const bodyHash = bodySha256(body);
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO intake_receipt (stream, event_id, body_sha256, record_key, client, client_credential)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (stream, event_id) DO NOTHING RETURNING event_id`,
      [stream, eventId, bodyHash, key, client.name, client.credential],
    );
    if (inserted.length === 0) {
      const [earlier] = await this.db.query<{ body_sha256: string; client: string | null }[]>(
        'SELECT body_sha256, client FROM intake_receipt WHERE stream = $1 AND event_id = $2',
        [stream, eventId],
      );
      if (earlier !== undefined && earlier.body_sha256 !== bodyHash) {
        throw new DomainError<IntakeErrorCode>(
          'EVENT_ID_CONFLICT',
          `eventId ${eventId} was already accepted with another body`,
          'eventId',
        );
      }
      if (earlier !== undefined && earlier.client !== null && earlier.client !== client.name) {
        throw new DomainError<IntakeErrorCode>(
          'EVENT_ID_CONFLICT',
          `eventId ${eventId} was already accepted from another client`,
          'eventId',
        );
      }
    }
    try {
      await this.producer.send({
        topic: this.topics[stream],
        acks: -1,
        messages: [
          {
            key,
            value: JSON.stringify(body),
            // The request's trace goes on with the record (ADR 0024).
            headers: withTraceHeaders({ [Headers.client]: client.name }),
          },
        ],
      });
    } catch (error) {
      throw new DomainError<IntakeErrorCode>(
        'EVENT_LOG_UNAVAILABLE',
        `the event could not be stored, try again: ${(error as Error).message}`,
      );
    }
  }
}
