import type { Kafka, Producer } from 'kafkajs';
import type { RejectedRecord } from '@mp/contracts';
import { KeyPlacementPartitioner } from '../key-placement.partitioner';

/**
 * Puts rejected records on the rejected-records topic (which the support index reads), keyed as the original record.
 * Every rejection carries a deterministic id, so one that is sent twice (a retried send, a batch applied again after a
 * crash) is recognisably the same; plain acks=all is enough.
 */
export class RejectedRecordPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ createPartitioner: KeyPlacementPartitioner });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }

  async publish(records: readonly RejectedRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: records.map((record) => ({
        key: record.source.key,
        value: JSON.stringify(record),
      })),
    });
  }
}
