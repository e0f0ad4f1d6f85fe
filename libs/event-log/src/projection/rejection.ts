import { maxRejectedValueLength, transactionIdSchema, type RejectedRecord } from '@mp/contracts';
import type { EntityManager } from 'typeorm';
import type { SizedRecord } from './record-screening';

/** Keeps rejected records where support sees them (G8), inside the projection's transaction, before it commits. */
export type RejectionSink = (
  manager: EntityManager,
  rejections: readonly RejectedRecord[],
) => Promise<void>;

export interface RejectionReason {
  readonly code: string;
  readonly reason: string;
  readonly parameter?: string | null;
  /** The purchase it names, when the record says; else the key of a topic keyed by transactionId. */
  readonly transactionId?: string | null;
}

/** Keys and reasons come from outside too: a rejection stays small whatever the record was. */
const maxKeyLength = 256;
const maxReasonLength = 1024;

/**
 * A rejected record as support sees it. `rejectionId` names the consumer and the record's coordinates, so the same
 * record rejected again (a batch applied again after a crash) is recognisably the same rejection; `rejectedAt` is
 * the record's own time when it has one, so a rebuild writes the same rejection.
 */
export function rejectionOf(
  consumer: string,
  record: SizedRecord,
  why: RejectionReason,
  options: {
    readonly keyedByTransactionId: boolean;
    readonly recordTimeMs: number | null;
    readonly now: () => Date;
  },
): RejectedRecord {
  const key = record.key === null ? null : record.key.slice(0, maxKeyLength);
  const fromKey =
    options.keyedByTransactionId && transactionIdSchema.safeParse(record.key).success
      ? record.key
      : null;
  const named = why.transactionId ?? null;
  return {
    rejectionId: `${consumer}:${record.topic}:${record.partition}:${record.offset}`,
    source: { topic: record.topic, partition: record.partition, offset: record.offset, key },
    transactionId: named !== null && transactionIdSchema.safeParse(named).success ? named : fromKey,
    code: why.code,
    reason: why.reason.slice(0, maxReasonLength),
    parameter: why.parameter?.slice(0, maxKeyLength) ?? null,
    value: (record.value?.toString('utf8') ?? '').slice(0, maxRejectedValueLength),
    rejectedAt: new Date(options.recordTimeMs ?? options.now().getTime()).toISOString(),
  };
}
