import {
  DEFAULT_MAX_RECORD_BYTES,
  recordSize,
  type ConsumedRecord,
  type TopicNames,
} from '@mp/event-log';
import { recordJson } from './record-json';

/**
 * The ICCID deciding this record reads the index for (an input addressed by ICCID, an LPA error, a provisioning
 * result), or null. Read before deciding: the index may have to catch up, or the ICCID's purchase be loaded back
 * (ADR 0032).
 */
export function addressedIccid(record: ConsumedRecord, topics: TopicNames): string | null {
  if (recordSize(record) > DEFAULT_MAX_RECORD_BYTES) return null;
  const json = recordJson(record.value) as
    { type?: unknown; iccid?: unknown; address?: { iccid?: unknown } } | undefined | null;
  if (json === undefined || json === null || typeof json !== 'object') return null;
  const iccid =
    record.topic === topics.provisioningResults ||
    (record.topic === topics.portalEvents && json.type === 'LpaErrorReported')
      ? json.iccid
      : record.topic === topics.purchaseInputs &&
          typeof json.address === 'object' &&
          json.address !== null
        ? json.address.iccid
        : undefined;
  return typeof iccid === 'string' && iccid.length > 0 && iccid.length <= 32 ? iccid : null;
}
