import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { KafkaNames } from '@mp/event-log';
import type { HopFigures } from './orchestrator.bare-hop';

const STAGES = [
  'portal event -> DownloadOrder request',
  'DownloadOrder request -> its result',
  'result -> ConfirmOrder request',
  'ConfirmOrder request -> its result',
  'result -> directive',
  'directive -> read (committed)',
] as const;

/**
 * Where an inline purchase's latency goes (`--trace`): each record's create timestamp, read uncommitted so that a
 * record counts from when it was produced, not from when its transaction committed. A request's stage includes the
 * rest of the transaction that produced the record before it.
 */
export class HopTrace {
  private consumer: Consumer | undefined;
  private readonly produced = new Map<string, { topic: string; at: number }[]>();
  private readonly sentAt = new Map<string, number>();
  private readonly readAt = new Map<string, number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
  ) {}

  async start(): Promise<void> {
    const { purchaseEffects, purchaseInputs, directives } = this.names.topics;
    this.consumer = this.kafka.consumer({
      groupId: `bench-trace-${randomUUID()}`,
      readUncommitted: true,
      maxWaitTimeInMs: 20,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [purchaseEffects, purchaseInputs, directives],
      fromBeginning: true,
    });
    await this.consumer.run({
      partitionsConsumedConcurrently: 6,
      // eslint-disable-next-line @typescript-eslint/require-await -- kafkajs expects a promise
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString() ?? '';
          const list = this.produced.get(key) ?? [];
          list.push({ topic: batch.topic, at: Number(message.timestamp) });
          this.produced.set(key, list);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  sent(transactionId: string): void {
    this.sentAt.set(transactionId, Date.now());
  }

  read(transactionId: string): void {
    this.readAt.set(transactionId, Date.now());
  }

  /** p50 and p99 of each stage over `transactionIds`, and each beside the bare hop's (`limit`) as a ratio. */
  report(label: string, transactionIds: readonly string[], limit?: HopFigures): void {
    const samples: number[][] = STAGES.map(() => []);
    const { purchaseEffects, purchaseInputs, directives } = this.names.topics;
    for (const id of transactionIds) {
      const records = [...(this.produced.get(id) ?? [])].sort((a, b) => a.at - b.at);
      const at = (topic: string, index: number) =>
        records.filter((record) => record.topic === topic)[index]?.at;
      const points = [
        this.sentAt.get(id),
        at(purchaseEffects, 0),
        at(purchaseInputs, 0),
        at(purchaseEffects, 1),
        at(purchaseInputs, 1),
        at(directives, 0),
        this.readAt.get(id),
      ];
      if (points.some((point) => point === undefined)) continue;
      for (let stage = 0; stage < STAGES.length; stage += 1) {
        samples[stage]!.push(points[stage + 1]! - points[stage]!);
      }
    }
    console.log(`\n${label}: per stage, ms (${samples[0]!.length} purchases)`);
    const ratio = (ours: number | undefined, bare: number) =>
      ours === undefined ? '' : (ours / Math.max(1, bare)).toFixed(1).padStart(6);
    if (limit) {
      console.log(
        `${'bare hop (the limit)'.padEnd(42)} p50 ${String(Math.round(limit.p50)).padStart(5)}   p99 ${String(Math.round(limit.p99)).padStart(5)}   hop/limit p50    p99`,
      );
    }
    STAGES.forEach((stage, index) => {
      const sorted = samples[index]!.sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      const ratios = limit
        ? `             ${ratio(at(0.5), limit.p50)} ${ratio(at(0.99), limit.p99)}`
        : '';
      console.log(
        `${stage.padEnd(42)} p50 ${String(at(0.5)).padStart(5)}   p99 ${String(at(0.99)).padStart(5)}${ratios}`,
      );
    });
  }
}
