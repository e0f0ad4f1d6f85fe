import type { Kafka } from 'kafkajs';
import { projectionLag } from './projection.metrics';

/** How often the ends are asked for before the next join is left to (about 5 s). */
const SAMPLE_ATTEMPTS = 20;
const SAMPLE_RETRY_MS = 250;

type Labels = { readonly projection: string; readonly group: string };

/**
 * How far a projection has read on each partition it owns, against each partition's end: the lag it reports, and
 * whether it has caught up once with what the log held when it started (its readiness).
 */
export class PartitionProgress {
  private readonly owned = new Map<string, { topic: string; partition: number }>();
  private readonly read = new Map<string, bigint>();
  private readonly ends = new Map<string, bigint>();
  /** The ends when the process started; null until they are known. */
  private targets: Map<string, bigint> | null = null;
  private caughtUp = false;
  private labels: Labels | undefined;

  /** `known` holds the checkpoints: where a partition stands when nothing has been read on it yet. */
  constructor(private readonly known: ReadonlyMap<string, bigint>) {}

  assigned(assignment: Readonly<Record<string, number[]>>, labels: Labels): void {
    this.labels = labels;
    const now = new Map<string, { topic: string; partition: number }>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) now.set(key(topic, partition), { topic, partition });
    }
    for (const [name, { topic, partition }] of this.owned) {
      if (now.has(name)) continue;
      projectionLag.remove({ ...labels, topic, partition: String(partition) });
      this.ends.delete(name);
      this.read.delete(name);
    }
    this.owned.clear();
    for (const [name, owned] of now) this.owned.set(name, owned);
  }

  batchEnded(end: {
    topic: string;
    partition: number;
    highWatermark: string;
    lastOffset: string;
  }): void {
    const name = key(end.topic, end.partition);
    this.read.set(name, BigInt(end.lastOffset) + 1n);
    this.ends.set(name, BigInt(end.highWatermark));
    this.report(name);
  }

  /**
   * Reads the end of every owned partition; the first reading is what readiness waits for. Right after the topics
   * are created a broker may not answer for them yet (Kafka 4 takes longer to elect their leaders): it asks again a
   * few times before leaving it to the next join.
   */
  async sampleEnds(kafka: Kafka, attempts = SAMPLE_ATTEMPTS): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const sampled = await this.readEnds(kafka);
      if (sampled !== undefined) {
        for (const [name, end] of sampled) {
          if ((this.ends.get(name) ?? -1n) < end) this.ends.set(name, end);
          this.report(name);
        }
        this.targets ??= sampled;
        return;
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, SAMPLE_RETRY_MS));
    }
  }

  private async readEnds(kafka: Kafka): Promise<Map<string, bigint> | undefined> {
    const topics = [...new Set([...this.owned.values()].map((owned) => owned.topic))];
    const sampled = new Map<string, bigint>();
    const admin = kafka.admin();
    try {
      await admin.connect();
      for (const topic of topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          const name = key(topic, partition);
          if (this.owned.has(name)) sampled.set(name, BigInt(high));
        }
      }
      return sampled;
    } catch {
      return undefined;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  position(topic: string, partition: number): bigint | undefined {
    const name = key(topic, partition);
    const read = this.read.get(name);
    const known = this.known.get(name);
    if (read === undefined) return known;
    return known === undefined || read > known ? read : known;
  }

  /** Whether the ends readiness waits for have been read. */
  hasTargets(): boolean {
    return this.targets !== null;
  }

  caughtUpOnce(): boolean {
    if (this.caughtUp || this.targets === null) return this.caughtUp;
    this.caughtUp = [...this.targets].every(([name, end]) => (this.at(name) ?? 0n) >= end);
    return this.caughtUp;
  }

  lag(): number {
    let total = 0;
    for (const name of this.owned.keys()) total += this.lagOf(name);
    return total;
  }

  clear(): void {
    for (const { topic, partition } of this.owned.values()) {
      if (this.labels)
        projectionLag.remove({ ...this.labels, topic, partition: String(partition) });
    }
    this.owned.clear();
  }

  private at(name: string): bigint | undefined {
    const [topic, partition] = splitKey(name);
    return this.position(topic, partition);
  }

  private lagOf(name: string): number {
    const end = this.ends.get(name);
    if (end === undefined) return 0;
    const behind = end - (this.at(name) ?? 0n);
    return behind > 0n ? Number(behind) : 0;
  }

  private report(name: string): void {
    const owned = this.owned.get(name);
    if (owned === undefined || this.labels === undefined) return;
    projectionLag.set(
      { ...this.labels, topic: owned.topic, partition: String(owned.partition) },
      this.lagOf(name),
    );
  }
}

const key = (topic: string, partition: number) => `${topic}:${partition}`;

function splitKey(name: string): [string, number] {
  const colon = name.lastIndexOf(':');
  return [name.slice(0, colon), Number(name.slice(colon + 1))];
}
