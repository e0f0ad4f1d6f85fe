import {
  parsePurchaseEvent,
  usageEventSchema,
  type PurchaseEvent,
  type UsageEvent,
} from '@mp/contracts';
import { Headers, RecordKinds } from '@mp/event-log';
import type { z } from 'zod';

/** The parts of a Kafka message the projection reads (kafkajs' KafkaMessage fits). */
export interface RawMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export type ProjectionRecord =
  | { readonly kind: 'purchaseEvent'; readonly event: PurchaseEvent }
  | { readonly kind: 'usage'; readonly usage: UsageEvent }
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'invalid';
      readonly code: string;
      readonly reason: string;
      readonly parameter: string | null;
      readonly transactionId: string | null;
    };

export type ProjectedTopic = 'purchaseEvents' | 'usage';

/** Reads one record of the purchase event log or of the usage topic. Never throws (G8). */
export function decodeProjectionRecord(
  topic: ProjectedTopic,
  message: RawMessage,
): ProjectionRecord {
  // Ownership barriers and any later record kind on the log are not purchase events.
  if (topic === 'purchaseEvents' && headerOf(message, Headers.recordKind) !== RecordKinds.event) {
    return { kind: 'skipped' };
  }
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return invalid('NOT_JSON', 'the record value is not JSON', null, message);
  }
  switch (topic) {
    case 'purchaseEvents': {
      const parsed = parsePurchaseEvent(json);
      if (parsed.ok) return { kind: 'purchaseEvent', event: parsed.event };
      const [reason, parameter] = describe(parsed.issues, parsed.reason);
      return invalid('INVALID_PURCHASE_EVENT', reason, parameter, message, json);
    }
    case 'usage': {
      const parsed = usageEventSchema.safeParse(json);
      if (parsed.success) return { kind: 'usage', usage: parsed.data };
      const [reason, parameter] = describe(parsed.error.issues, 'invalid usage event');
      return invalid('INVALID_USAGE_EVENT', reason, parameter, message);
    }
    default: {
      const _exhaustive: never = topic;
      return _exhaustive;
    }
  }
}

function invalid(
  code: string,
  reason: string,
  parameter: string | null,
  message: RawMessage,
  json?: unknown,
): ProjectionRecord {
  const named = (json as { metadata?: { transactionId?: unknown } } | undefined)?.metadata
    ?.transactionId;
  const transactionId =
    typeof named === 'string' ? named : code === 'INVALID_USAGE_EVENT' ? null : keyOf(message);
  return { kind: 'invalid', code, reason, parameter, transactionId };
}

function describe(issues: readonly z.core.$ZodIssue[], fallback: string): [string, string | null] {
  const issue = issues[0];
  if (issue === undefined) return [fallback, null];
  const path = issue.path.map(String).join('.');
  return path === '' ? [issue.message, null] : [`${path}: ${issue.message}`, path];
}

export function keyOf(message: RawMessage): string | null {
  return message.key === null ? null : message.key.toString('utf8');
}

function headerOf(message: RawMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
