import type { IndexedEventRow } from '../index/purchase-history.reader';
import type { ParkingRecordEntity } from '../index/entities/parking-record.entity';
import type { PurchaseSummaryEntity } from '../index/entities/purchase-summary.entity';
import type { RedriveEntity } from '../index/entities/redrive.entity';
import type { RejectedRecordEntity } from '../index/entities/rejected-record.entity';

/** Explicit response shapes: index rows never leave the app as they are. */

export function historyEventOf(row: IndexedEventRow) {
  const { event } = row;
  return {
    sequence: event.metadata.sequence,
    eventId: event.metadata.eventId,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    causationId: event.metadata.causationId,
    schemaVersion: event.metadata.schemaVersion,
    storedSchemaVersion: row.storedVersion,
    data: event.data,
    kafka: { topic: row.topic, partition: row.partition, offset: row.offset },
    recordedAt: row.recordedAt,
  };
}

export function purchaseSummaryOf(row: PurchaseSummaryEntity) {
  return {
    transactionId: row.transactionId,
    flow: row.flow,
    state: row.state,
    status: row.status,
    eventCount: row.eventCount,
    startedAt: iso(row.startedAt),
    updatedAt: iso(row.updatedAt),
    waitingOnTimer:
      row.timerId === null ? null : { timerId: row.timerId, dueAt: iso(row.timerDueAt) },
    parked: row.parked
      ? { since: iso(row.parkedAt), error: row.parkError, heldInputs: row.heldCount }
      : null,
  };
}

export function parkingRecordOf(row: ParkingRecordEntity) {
  return {
    kind: row.kind,
    at: row.at.toISOString(),
    record: row.record,
    kafka: { topic: row.topic, partition: row.partition, offset: row.offset },
  };
}

export function redriveOf(row: RedriveEntity) {
  return {
    redriveId: row.redriveId,
    transactionId: row.transactionId,
    requestedBy: row.requestedBy,
    reason: row.reason,
    requestedAt: row.requestedAt.toISOString(),
    kafka: { topic: row.topic, partition: row.partition, offset: row.offset },
  };
}

export function rejectedRecordOf(row: RejectedRecordEntity) {
  return {
    rejectionId: row.rejectionId,
    transactionId: row.transactionId,
    code: row.code,
    reason: row.reason,
    parameter: row.parameter,
    value: row.value,
    source: row.source,
    rejectedAt: row.rejectedAt.toISOString(),
    kafka: { topic: row.topic, partition: row.partition, offset: row.offset },
  };
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
