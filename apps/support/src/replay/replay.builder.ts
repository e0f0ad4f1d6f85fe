import { type PurchaseEffect } from '@mp/contracts';
import { initialSnapshot, purchaseViewOf, stateOf, step } from '@mp/purchase-machine';
import { canonicalJson } from '@mp/contracts';
import { diffContext } from './context-diff';
import type {
  EffectCheck,
  EmittedByKind,
  LocatedEvent,
  RecordedEffect,
  Replay,
  ReplayStep,
} from './replay.types';

/** Effect types the orchestrator appends to the effects topic (ADR 0007); others compare when recorded. */
const alwaysRecorded = new Set(['SendEs2Request', 'ProvisionConnectivity', 'AlertOperations']);

/**
 * Folds a stored history step by step with the orchestrator's own `step`, and compares what each decision emits
 * today with the effect records appended when it ran (G10): a difference means the current machine would now
 * decide differently.
 */
export function buildReplay(
  transactionId: string,
  history: readonly LocatedEvent[],
  recordedEffects: readonly RecordedEffect[],
): Replay {
  const recorded = groupByCause(recordedEffects);
  const comparable = new Set([...alwaysRecorded, ...recordedEffects.map(typeOfRecorded)]);
  const effectsCompared = recordedEffects.length > 0;
  let snapshot = initialSnapshot();
  const initialState = stateOf(snapshot);
  const steps: ReplayStep[] = [];
  let decision: PurchaseEffect[] = [];
  history.forEach(({ event, kafka }, index) => {
    const accepted = snapshot.can(event);
    const result = step(snapshot, event);
    const effects = [...result.effects];
    decision.push(...effects);
    const nextCause = history[index + 1]?.event.metadata.causationId;
    const lastOfDecision = nextCause !== event.metadata.causationId;
    let check: EffectCheck | null = null;
    if (effectsCompared && recorded.has(event.metadata.eventId)) {
      check = compare('event', event.metadata.eventId, effects, recorded, comparable);
    } else if (effectsCompared && lastOfDecision) {
      check = compare('input', event.metadata.causationId, decision, recorded, comparable);
    }
    if (lastOfDecision) decision = [];
    steps.push({
      index,
      sequence: event.metadata.sequence,
      eventId: event.metadata.eventId,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      causationId: event.metadata.causationId,
      kafka,
      stateBefore: stateOf(snapshot),
      stateAfter: stateOf(result.snapshot),
      accepted,
      changes: diffContext(snapshot.context, result.snapshot.context),
      effects,
      emitted: byKind(effects, event),
      check,
      divergent: !accepted || check?.status === 'differs',
    });
    snapshot = result.snapshot;
  });
  return {
    transactionId,
    initialState,
    finalState: stateOf(snapshot),
    view: purchaseViewOf(snapshot),
    path: pathOf(initialState, steps),
    effectsCompared,
    divergentSteps: steps.filter((s) => s.divergent).map((s) => s.sequence),
    steps,
  };
}

function compare(
  scope: EffectCheck['scope'],
  causationId: string,
  emitted: readonly PurchaseEffect[],
  recorded: ReadonlyMap<string, RecordedEffect[]>,
  comparable: ReadonlySet<string>,
): EffectCheck {
  const records = recorded.get(causationId) ?? [];
  // Recorded effects passed the contract's schema when indexed; key order and undefined fields never count.
  const now = emitted.filter((effect) => comparable.has(effect.type));
  const then = records.map((record) => record.effect);
  const nowKeys = now.map(canonicalJson);
  const thenKeys = then.map(canonicalJson);
  const missing = difference(then, thenKeys, nowKeys);
  const unexpected = difference(now, nowKeys, thenKeys);
  const sameOrder =
    nowKeys.length === thenKeys.length && nowKeys.every((k, i) => k === thenKeys[i]);
  const sameSet = missing.length === 0 && unexpected.length === 0;
  return {
    scope,
    causationId,
    status: sameSet ? 'same' : 'differs',
    missing,
    unexpected,
    reordered: sameSet && !sameOrder,
    recorded: records,
  };
}

/** Items of `items` (keyed by `keys`) left after taking away one occurrence of each of `others`. */
function difference(items: unknown[], keys: string[], others: string[]): unknown[] {
  const remaining = new Map<string, number>();
  for (const key of others) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  return items.filter((_, i) => {
    const key = keys[i] as string;
    const count = remaining.get(key) ?? 0;
    if (count === 0) return true;
    remaining.set(key, count - 1);
    return false;
  });
}

function groupByCause(records: readonly RecordedEffect[]): Map<string, RecordedEffect[]> {
  const groups = new Map<string, RecordedEffect[]>();
  for (const record of records) {
    const group = groups.get(record.causationId) ?? [];
    group.push(record);
    groups.set(record.causationId, group);
  }
  return groups;
}

function typeOfRecorded(record: RecordedEffect): string {
  const type = (record.effect as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'unknown';
}

function byKind(effects: readonly PurchaseEffect[], event: LocatedEvent['event']): EmittedByKind {
  const of = <T extends PurchaseEffect['type']>(type: T) =>
    effects.filter(
      (effect): effect is Extract<PurchaseEffect, { type: T }> => effect.type === type,
    );
  return {
    es2Requests: of('SendEs2Request'),
    directives: of('PublishDirective'),
    connectivity: of('ProvisionConnectivity'),
    alerts: of('AlertOperations'),
    timers: {
      scheduled: of('ScheduleTimer').map(({ timerId, purpose, dueAt }) => ({
        timerId,
        purpose,
        dueAt,
      })),
      cancelled: of('CancelTimer').map(({ timerId, purpose }) => ({ timerId, purpose })),
      fired:
        event.type === 'TimerFired'
          ? [{ timerId: event.data.timerId, purpose: event.data.purpose }]
          : [],
    },
  };
}

function pathOf(initial: string, steps: readonly ReplayStep[]): string[] {
  const path = [initial];
  for (const s of steps) if (path.at(-1) !== s.stateAfter) path.push(s.stateAfter);
  return path;
}
