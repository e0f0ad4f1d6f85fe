import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { parkingRecordSchema, parsePurchaseEvent } from '@mp/contracts';
import {
  Headers,
  isOtherRecordKind,
  readPartition,
  RecordKinds,
  type ConsumedRecord,
  type KafkaNames,
  type OutgoingMessage,
} from '@mp/event-log';
import { machineVersion } from './machine-version';
import { recordJson } from '../processing/record-json';
import { changelogRecord, completeMessage, snapshotMessage } from './changelog-records';
import { fromSnapshot, type PurchaseEntry } from './purchase-entry';
import { readSnapshot } from './purchase-snapshot';
import type { PurchaseStore } from './purchase-store';

export interface RestoreOutcome {
  /** Where the partition's purchases came from: its changelog, or a fold of its log (`reason` says why). */
  readonly from: 'changelog' | 'log';
  readonly purchases: number;
  /** Records read. */
  readonly records: number;
  readonly reason?: string;
}

/**
 * Restores a claimed partition's live purchases into the store (ADR 0032): partition p of the changelog, read after
 * the previous owner was fenced up to this claim's barrier, holds the latest snapshot of each. When it cannot serve
 * (never completed for this machine: a first start on an existing log, a deleted changelog, a snapshot of another
 * machine), partition p of the event log and of the parking topic is folded instead, and written back (`writeBack`).
 */
export class PartitionRestorer {
  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
    private readonly store: PurchaseStore,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  async restore(partition: number, claimId: string): Promise<RestoreOutcome> {
    const changelog = await this.readChangelog(partition, claimId);
    if (changelog.ok) {
      for (const entry of changelog.entries) this.store.put(entry);
      return {
        from: 'changelog',
        purchases: changelog.entries.length,
        records: changelog.records,
      };
    }
    const { records } = await readPartition(
      this.kafka,
      {
        topics: [this.names.topics.purchaseEvents, this.names.topics.purchaseParking],
        partition,
        groupPrefix: `${this.names.groups.orchestrator}.rebuild`,
        isEnd: (record) => isBarrierOf(record, claimId),
        onRecord: (record) => this.applyLogRecord(record),
        timeoutMs: this.timeoutMs,
      },
      this.logger,
    );
    const purchases = this.store.purchasesOf(partition).length;
    return { from: 'log', purchases, records, reason: changelog.reason };
  }

  /**
   * A partition folded from the log, as the changelog must hold it: every purchase's snapshot, then the partition's
   * `complete` record. The claim commits them before it serves the partition, so the ICCID index (which waits for
   * every partition's `complete`) never waits on a lane that is itself waiting for the index.
   */
  *writeBack(partition: number): Generator<OutgoingMessage> {
    const topic = this.names.topics.purchaseSnapshots;
    for (const transactionId of this.store.purchasesOf(partition)) {
      const snapshot = this.store.snapshot(transactionId);
      if (snapshot !== null) yield snapshotMessage(topic, partition, snapshot);
    }
    yield completeMessage(topic, partition);
  }

  private async readChangelog(
    partition: number,
    claimId: string,
  ): Promise<
    { ok: true; entries: PurchaseEntry[]; records: number } | { ok: false; reason: string }
  > {
    // Each made an entry as read (its state kept as text, `PurchaseEntry.restored`), so neither a fetch's buffer
    // (a record's value is a slice of the whole response) nor a parsed snapshot outlives its batch.
    const latest = new Map<string, PurchaseEntry>();
    let unreadable: string | undefined;
    let complete: unknown;
    const { records } = await readPartition(
      this.kafka,
      {
        topics: [this.names.topics.purchaseSnapshots],
        partition,
        groupPrefix: `${this.names.groups.orchestrator}.restore`,
        isEnd: (record) => isBarrierOf(record, claimId),
        onRecord: (record) => {
          const read = changelogRecord(record);
          if (read.kind === 'snapshot') {
            const snapshot = readSnapshot(recordJson(read.value));
            if (snapshot.ok)
              latest.set(read.transactionId, fromSnapshot(snapshot.snapshot, partition));
            else unreadable ??= `${read.transactionId}: ${snapshot.reason}`;
          } else if (read.kind === 'tombstone') latest.delete(read.transactionId);
          else if (read.kind === 'complete') complete = recordJson(read.value) ?? null;
        },
        timeoutMs: this.timeoutMs,
      },
      this.logger,
    );
    const machine = (complete as { machine?: unknown } | null | undefined)?.machine;
    if (complete === undefined) return { ok: false, reason: 'the changelog was never completed' };
    if (machine !== machineVersion()) {
      return { ok: false, reason: `the changelog was completed by machine ${String(machine)}` };
    }
    if (unreadable !== undefined) return { ok: false, reason: unreadable };
    return { ok: true, entries: [...latest.values()], records };
  }

  private applyLogRecord(record: ConsumedRecord): void {
    if (isOtherRecordKind(record.headers)) return;
    const json = recordJson(record.value);
    if (record.topic === this.names.topics.purchaseParking) {
      const parsed = parkingRecordSchema.safeParse(json);
      if (parsed.success) this.store.applyParking(record.partition, parsed.data);
      else this.unreadable(record, 'an unreadable parking record');
      return;
    }
    const parsed = parsePurchaseEvent(json);
    if (parsed.ok) this.store.applyEvent(record.partition, parsed.event);
    else this.unreadable(record, `an event this version cannot read (${parsed.reason})`);
  }

  private unreadable(record: ConsumedRecord, what: string): void {
    const transactionId = record.headers[Headers.transactionId] ?? record.key;
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    this.logger.error({ transactionId, where }, `partition rebuild: ${what}`);
    if (transactionId) {
      this.store.markUnreadable(record.partition, transactionId, `${what} at ${where}`);
    }
  }
}

/** This claim's barrier, on whichever topic it was read. */
function isBarrierOf(record: ConsumedRecord, claimId: string): boolean {
  if (record.headers[Headers.recordKind] !== RecordKinds.partitionClaimed) return false;
  const json = recordJson(record.value) as { claimId?: unknown } | undefined;
  return json?.claimId === claimId;
}
