import {
  maxRejectedValueLength,
  parkingRecordSchema,
  parsePurchaseEvent,
  purchaseEffectRecordSchema,
  rejectedRecordSchema,
} from '@mp/contracts';
import { Headers, RecordKinds } from '@mp/event-log';
import type { z } from 'zod';
import type { IndexedTopic, IndexRecord, KafkaCoordinates } from './index-record.types';

/** The parts of a Kafka message the decoder reads (kafkajs' KafkaMessage fits). */
export interface RawMessage {
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

/** Turns one record of a topic the index reads into what the index does with it. Never throws. */
export function decodeRecord(
  role: IndexedTopic,
  message: RawMessage,
  at: KafkaCoordinates,
): IndexRecord {
  if (role === 'events' && headerOf(message, Headers.recordKind) !== RecordKinds.event) {
    return { kind: 'skipped', at };
  }
  const text = message.value?.toString('utf8') ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return unreadable('NOT_JSON', 'the record value is not JSON', text, at);
  }
  switch (role) {
    case 'events': {
      const parsed = parsePurchaseEvent(json);
      if (!parsed.ok) return unreadable('INVALID_EVENT', describe(parsed.issues), text, at, json);
      return { kind: 'event', event: parsed.event, storedVersion: storedVersion(json), at };
    }
    case 'effects':
      return decoded('effect', purchaseEffectRecordSchema, json, text, at);
    case 'rejected':
      return decoded('rejected', rejectedRecordSchema, json, text, at);
    case 'parking':
      return decoded('parking', parkingRecordSchema, json, text, at);
    default: {
      const _exhaustive: never = role;
      return _exhaustive;
    }
  }
}

function decoded<K extends 'effect' | 'rejected' | 'parking', S extends z.ZodType>(
  kind: K,
  schema: S,
  json: unknown,
  text: string,
  at: KafkaCoordinates,
): IndexRecord {
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return unreadable('INVALID_RECORD', describe(parsed.error.issues), text, at, json);
  return { kind, record: parsed.data, at } as IndexRecord;
}

function unreadable(
  code: string,
  reason: string,
  text: string,
  at: KafkaCoordinates,
  json?: unknown,
): IndexRecord {
  const named = (json as { metadata?: { transactionId?: unknown }; transactionId?: unknown } | null)
    ?.metadata?.transactionId;
  const direct = (json as { transactionId?: unknown } | null)?.transactionId;
  const transactionId =
    typeof named === 'string' ? named : typeof direct === 'string' ? direct : at.key;
  return {
    kind: 'unreadable',
    code,
    reason,
    value: text.slice(0, maxRejectedValueLength),
    transactionId,
    at,
  };
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0];
  if (issue === undefined) return 'invalid record';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

function storedVersion(json: unknown): number {
  const version = (json as { metadata?: { schemaVersion?: unknown } }).metadata?.schemaVersion;
  return typeof version === 'number' ? version : 1;
}

function headerOf(message: RawMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
