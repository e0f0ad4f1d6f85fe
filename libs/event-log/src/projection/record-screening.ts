import type { KafkaMessage } from 'kafkajs';
import { readHeaders, toRecord } from '../exactly-once/consumed-record';
import type { ConsumedRecord } from '../exactly-once/exactly-once.types';

/**
 * The first look at any record a consumer reads (G14): before anything interprets it, a record must be small enough,
 * carry a timestamp that names a real instant, and hold JSON. Decisions depend on the record alone, never on the
 * clock, so a rebuild that reads the record again decides the same.
 */

/** Larger records are refused unread (key, value and headers together). Every valid record is far smaller. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

/** 9999-12-31T23:59:59.999Z: the last instant an RFC 3339 timestamp (four-digit year) can name. */
export const LATEST_RECORD_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A record as a consumer sees it, with its size. The headers object has no prototype: names come from outside. */
export interface SizedRecord extends ConsumedRecord {
  /** Bytes of key, value and headers. */
  readonly size: number;
}

export type Screened =
  | { readonly ok: true; readonly json: unknown; readonly timeMs: number }
  | { readonly ok: false; readonly code: ScreeningCode; readonly reason: string };

export type ScreeningCode = 'RECORD_TOO_LARGE' | 'INVALID_TIMESTAMP' | 'NOT_JSON';

export function readRecord(topic: string, partition: number, message: KafkaMessage): SizedRecord {
  // One pass, sizes taken from the buffers as they came: this runs for every record a projection reads.
  const bytes = { total: (message.key?.length ?? 0) + (message.value?.length ?? 0) };
  const headers = readHeaders(message.headers, bytes);
  // Added to the record rather than copying it: a spread costs as much again as the rest of this.
  return Object.assign(toRecord(topic, partition, message, headers), { size: bytes.total });
}

/** Bytes of a record's key, value and headers. */
export function recordSize(record: ConsumedRecord): number {
  let size = Buffer.byteLength(record.key ?? '') + (record.value?.length ?? 0);
  const { headers } = record;
  for (const name of Object.keys(headers)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(headers[name]!);
  }
  return size;
}

/** The instant a record's timestamp names, or why it names none. */
export function recordTime(timestamp: string): { ms: number } | { reason: string } {
  const ms = /^-?\d{1,20}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > 8.64e15) {
    return { reason: `the record timestamp ${timestamp.slice(0, 24)} is beyond the Date range` };
  }
  if (ms < 0) return { reason: `the record timestamp ${timestamp} is before 1970` };
  if (ms > LATEST_RECORD_TIME_MS) {
    return {
      reason: `the record timestamp ${new Date(ms).toISOString()} is after 9999-12-31 (no RFC 3339 time names it)`,
    };
  }
  return { ms };
}

export function screenRecord(record: SizedRecord, maxRecordBytes: number): Screened {
  if (record.size > maxRecordBytes) {
    return {
      ok: false,
      code: 'RECORD_TOO_LARGE',
      reason: `the record is ${record.size} bytes; at most ${maxRecordBytes} are read`,
    };
  }
  const time = recordTime(record.timestamp);
  if ('reason' in time) return { ok: false, code: 'INVALID_TIMESTAMP', reason: time.reason };
  if (record.value === null)
    return { ok: false, code: 'NOT_JSON', reason: 'the record has no value' };
  try {
    return {
      ok: true,
      json: JSON.parse(record.value?.toString('utf8') ?? '') as unknown,
      timeMs: time.ms,
    };
  } catch {
    return { ok: false, code: 'NOT_JSON', reason: 'the record value is not JSON' };
  }
}
