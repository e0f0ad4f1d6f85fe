import { machineVersion } from './machine-version';
import { Headers, RecordKinds, type ConsumedRecord, type OutgoingMessage } from '@mp/event-log';
import type { PurchaseSnapshot } from './purchase-snapshot';

/**
 * The changelog's records (ADR 0032). Each is written to the partition of its purchase explicitly, so its key need
 * not place it: purchases are `purchase:<transactionId>` and the changelog's own records have keys no purchase's
 * can have, which compaction would otherwise take for one another.
 */
export const snapshotKey = (transactionId: string) => `purchase:${transactionId}`;
const COMPLETE_KEY = 'changelog:complete';

export function snapshotMessage(
  topic: string,
  partition: number,
  snapshot: PurchaseSnapshot,
): OutgoingMessage {
  return {
    topic,
    partition,
    key: snapshotKey(snapshot.transactionId),
    value: JSON.stringify(snapshot),
    headers: {
      [Headers.recordKind]: RecordKinds.snapshot,
      [Headers.transactionId]: snapshot.transactionId,
      [Headers.iccids]: snapshot.iccids.join(','),
    },
  };
}

/** An evicted purchase's tombstone: compaction forgets it, and the ICCID index with it. */
export function tombstoneMessage(
  topic: string,
  partition: number,
  transactionId: string,
): OutgoingMessage {
  return {
    topic,
    partition,
    key: snapshotKey(transactionId),
    value: null,
    headers: { [Headers.recordKind]: RecordKinds.snapshot, [Headers.transactionId]: transactionId },
  };
}

/** Written once every purchase of the partition has its snapshot here (after a rebuild from the log). */
export function completeMessage(topic: string, partition: number): OutgoingMessage {
  return {
    topic,
    partition,
    key: COMPLETE_KEY,
    value: JSON.stringify({ machine: machineVersion() }),
    headers: { [Headers.recordKind]: RecordKinds.changelogComplete },
  };
}

/** A changelog record as a reader tells it: told by its kind header, unparsed. */
export type ChangelogRecord =
  | { readonly kind: 'snapshot'; readonly transactionId: string; readonly value: Buffer }
  | { readonly kind: 'tombstone'; readonly transactionId: string }
  | { readonly kind: 'complete'; readonly value: Buffer | null }
  | { readonly kind: 'other' };

export function changelogRecord(record: ConsumedRecord): ChangelogRecord {
  const kind = record.headers[Headers.recordKind];
  if (kind === RecordKinds.changelogComplete) return { kind: 'complete', value: record.value };
  const transactionId = record.headers[Headers.transactionId];
  if (kind !== RecordKinds.snapshot || transactionId === undefined) return { kind: 'other' };
  return record.value === null
    ? { kind: 'tombstone', transactionId }
    : { kind: 'snapshot', transactionId, value: record.value };
}

/** The ICCIDs a snapshot record lists in its header. */
export function iccidsOf(record: ConsumedRecord): string[] {
  const listed = record.headers[Headers.iccids];
  return listed === undefined || listed === '' ? [] : listed.split(',');
}
