import { type PurchaseEffect, type PurchaseEvent } from '@mp/contracts';
import { createActor, initialTransition } from 'xstate';
import { type PurchaseContext } from '../machine/purchase.context';
import { purchaseMachine, type PurchaseMachine } from '../machine/purchase.machine';
import { type PurchaseSnapshot } from './decision.types';

/** The purchase's state: nothing but the fold of its events through the machine. */
export function fold(events: readonly PurchaseEvent[]): PurchaseSnapshot {
  return events.reduce((snapshot, event) => step(snapshot, event).snapshot, initialSnapshot());
}

let initial: PurchaseSnapshot | undefined;

/** Snapshots are immutable (every transition makes new ones), so the initial one is made once. */
export function initialSnapshot(): PurchaseSnapshot {
  initial ??= initialTransition(purchaseMachine)[0];
  return initial;
}

export interface FoldStep {
  readonly snapshot: PurchaseSnapshot;
  readonly effects: readonly PurchaseEffect[];
}

type ActorScope = Parameters<PurchaseMachine['transition']>[2];
type Action = Parameters<ActorScope['actionExecutor']>[0];

/**
 * xstate's `transition()` builds an inert scope per call: a new actor (whose constructor computes the machine's
 * initial snapshot) and two actor systems, about as much work as the step itself. One scope serves every step
 * here: the machine invokes, spawns, delays and sends nothing, so the scope's actor and system are never used;
 * the executor only collects the actions a step names (none is executed). Steps run one at a time (no step
 * runs inside another), so one collector is enough.
 */
const collected: Action[] = [];
const scope: ActorScope = (() => {
  const self = createActor(purchaseMachine);
  return {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: (action) => {
      collected.push(action);
    },
  };
})();

/** One event through the machine; the `effect` actions it names are the effects to carry out. */
export function step(snapshot: PurchaseSnapshot, event: PurchaseEvent): FoldStep {
  collected.length = 0;
  const next = purchaseMachine.transition(snapshot, event, scope);
  const effects = collected.flatMap((action) =>
    action.type === 'effect' ? [action.params as PurchaseEffect] : [],
  );
  collected.length = 0;
  return { snapshot: next, effects };
}

/** The snapshot of a state value and context read back from JSON (a persisted DeciderState). */
export function restoreSnapshot(
  value: PurchaseSnapshot['value'],
  context: PurchaseContext,
): PurchaseSnapshot {
  return purchaseMachine.resolveState({ value, context });
}

export function stateOf(snapshot: PurchaseSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}
