import { type PurchaseEffect, type PurchaseEvent } from '@mp/contracts';
import { initialTransition, transition } from 'xstate';
import { purchaseMachine } from '../machine/purchase.machine';
import { type PurchaseSnapshot } from './decision.types';

/** The purchase's state: nothing but the fold of its events through the machine. */
export function fold(events: readonly PurchaseEvent[]): PurchaseSnapshot {
  return events.reduce((snapshot, event) => step(snapshot, event).snapshot, initialSnapshot());
}

export function initialSnapshot(): PurchaseSnapshot {
  const [snapshot] = initialTransition(purchaseMachine);
  return snapshot;
}

export interface FoldStep {
  readonly snapshot: PurchaseSnapshot;
  readonly effects: readonly PurchaseEffect[];
}

/** One event through the machine; the `effect` actions it names are the effects to carry out. */
export function step(snapshot: PurchaseSnapshot, event: PurchaseEvent): FoldStep {
  const [next, actions] = transition(purchaseMachine, snapshot, event);
  const effects = actions.flatMap((action) =>
    action.type === 'effect' ? [action.params as PurchaseEffect] : [],
  );
  return { snapshot: next, effects };
}

export function stateOf(snapshot: PurchaseSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}
