import {
  parsePurchaseEvent,
  purchaseEffectRecordSchema,
  type PurchaseEffectRecord,
  type PurchaseEvent,
} from '@mp/contracts';
import { Headers, RecordKinds, type TopicNames } from '@mp/event-log';
import { fold, purchaseViewOf } from '@mp/purchase-machine';
import type { TopicRecorder } from './topic-recorder';

export interface LogAudit {
  readonly histories: ReadonlyMap<string, readonly PurchaseEvent[]>;
  readonly effects: readonly PurchaseEffectRecord[];
  /** Problems that must never happen: a sequence applied twice or skipped, an effect emitted twice. */
  readonly violations: readonly string[];
  status(transactionId: string): string | null;
}

/** Reads the recorded purchase log and effects and checks the exactly-once invariants (G2, G4). */
export function auditLog(recorder: TopicRecorder, topics: TopicNames): LogAudit {
  const violations: string[] = [];
  const histories = new Map<string, PurchaseEvent[]>();
  for (const record of recorder.records) {
    if (record.topic !== topics.purchaseEvents) continue;
    if (record.headers[Headers.recordKind] !== RecordKinds.event) continue;
    const parsed = parsePurchaseEvent(JSON.parse(record.value!.toString()));
    if (!parsed.ok) {
      violations.push(`unreadable event at offset ${record.offset}: ${parsed.reason}`);
      continue;
    }
    const { transactionId } = parsed.event.metadata;
    histories.set(transactionId, [...(histories.get(transactionId) ?? []), parsed.event]);
  }
  for (const [transactionId, history] of histories) {
    history.forEach((event, index) => {
      if (event.metadata.sequence !== index + 1) {
        violations.push(
          `${transactionId}: event ${index + 1} has sequence ${event.metadata.sequence} (${event.type})`,
        );
      }
    });
    const ids = history.map((event) => event.metadata.eventId);
    if (new Set(ids).size !== ids.length) violations.push(`${transactionId}: an eventId repeats`);
  }
  const effects = recorder
    .json<unknown>(topics.purchaseEffects)
    .map((value) => purchaseEffectRecordSchema.parse(value));
  const seen = new Set<string>();
  for (const record of effects) {
    const { effect } = record;
    const step =
      effect.type === 'SendEs2Request'
        ? `${effect.function}:${effect.functionCallIdentifier}`
        : record.effectId;
    if (seen.has(step)) violations.push(`${record.transactionId}: effect ${step} emitted twice`);
    seen.add(step);
  }
  return {
    histories,
    effects,
    violations,
    status: (transactionId) => {
      const history = histories.get(transactionId);
      return history ? (purchaseViewOf(fold(history))?.status ?? null) : null;
    },
  };
}
