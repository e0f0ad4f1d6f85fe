import {
  maxRejectedValueLength,
  parkingRecordSchema,
  parsePurchaseEvent,
  purchaseEffectRecordSchema,
  rejectedRecordSchema,
} from '@mp/contracts';
import {
  DEFAULT_MAX_RECORD_BYTES,
  decodeHeaders,
  isOtherRecordKind,
  schemaRejection,
  screenRecord,
  type Decoded,
} from '@mp/event-log';
import type { z } from 'zod';
import type { IndexedTopic, IndexRecord, KafkaCoordinates } from './index-record.types';

/** The parts of a Kafka message the decoder reads (kafkajs' KafkaMessage fits). */
export interface RawMessage {
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

type Indexed = Exclude<IndexRecord, { kind: 'skipped' | 'unreadable' }>;

/**
 * What the index does with one record, once it is JSON: the projection runner screens size, timestamp and JSON
 * first. Never throws; a record that is not what its topic carries is a rejection.
 */
export function decodeIndexed(
  role: IndexedTopic,
  json: unknown,
  at: KafkaCoordinates,
): Decoded<Indexed> {
  switch (role) {
    case 'events': {
      const parsed = parsePurchaseEvent(json);
      if (!parsed.ok) {
        return {
          kind: 'reject',
          ...schemaRejection('INVALID_EVENT', parsed.issues, parsed.reason, json),
        };
      }
      return {
        kind: 'apply',
        value: { kind: 'event', event: parsed.event, storedVersion: storedVersion(json), at },
      };
    }
    case 'effects':
      return decoded('effect', purchaseEffectRecordSchema, json, at);
    case 'rejected':
      return decoded('rejected', rejectedRecordSchema, json, at);
    case 'parking':
      return decoded('parking', parkingRecordSchema, json, at);
    default: {
      const _exhaustive: never = role;
      return _exhaustive;
    }
  }
}

/** Ownership barriers (on the event log and the parking topic) and later record kinds are not for the index. */
export function skippedByIndex(headers: Readonly<Record<string, string>>): boolean {
  return isOtherRecordKind(headers);
}

/**
 * Turns one record of a topic the index reads into what the index does with it, with the same screening as the
 * projection runner applies. Never throws.
 */
export function decodeRecord(
  role: IndexedTopic,
  message: RawMessage,
  at: KafkaCoordinates,
): IndexRecord {
  const headers = decodeHeaders(message.headers);
  if (skippedByIndex(headers)) return { kind: 'skipped', at };
  const text = message.value?.toString('utf8') ?? '';
  const size = message.value?.length ?? 0;
  const record = { ...at, value: message.value, headers, size };
  const screened = screenRecord(record, DEFAULT_MAX_RECORD_BYTES);
  if (!screened.ok) return unreadable(screened.code, screened.reason, text, at, at.key);
  const result = decodeIndexed(role, screened.json, at);
  switch (result.kind) {
    case 'apply':
      return result.value;
    case 'skip':
      return { kind: 'skipped', at };
    case 'reject':
      return unreadable(result.code, result.reason, text, at, result.transactionId ?? at.key);
    default: {
      const _exhaustive: never = result;
      return _exhaustive;
    }
  }
}

function decoded<K extends 'effect' | 'rejected' | 'parking', S extends z.ZodType>(
  kind: K,
  schema: S,
  json: unknown,
  at: KafkaCoordinates,
): Decoded<Indexed> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      kind: 'reject',
      ...schemaRejection('INVALID_RECORD', parsed.error.issues, 'invalid record', json),
    };
  }
  return { kind: 'apply', value: { kind, record: parsed.data, at } as Indexed };
}

function unreadable(
  code: string,
  reason: string,
  text: string,
  at: KafkaCoordinates,
  transactionId: string | null,
): IndexRecord {
  return {
    kind: 'unreadable',
    code,
    reason,
    value: text.slice(0, maxRejectedValueLength),
    transactionId,
    at,
  };
}

function storedVersion(json: unknown): number {
  const version = (json as { metadata?: { schemaVersion?: unknown } }).metadata?.schemaVersion;
  return typeof version === 'number' ? version : 1;
}
