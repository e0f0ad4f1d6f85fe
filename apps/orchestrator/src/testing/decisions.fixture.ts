import { type PurchaseEvent } from '@mp/contracts';
import {
  admitInput,
  type DeciderState,
  decideFrom,
  emptyDeciderState,
  stateAfter,
} from '@mp/purchase-machine';
import {
  inputs,
  seedSettings,
  type Step,
} from '../../../../libs/purchase-machine/src/testing/inputs.fixture';

export interface Decided {
  readonly events: readonly PurchaseEvent[];
  readonly after: DeciderState;
}

/**
 * An inline purchase's decisions, one per input, as the orchestrator decides them: accepted, its profile reserved
 * and, unless `upTo` says otherwise, confirmed.
 */
export function inlineDecisions(
  transactionId: string,
  upTo: 'reserved' | 'confirmed' = 'confirmed',
): Decided[] {
  return decisionsFor(transactionId, (t) =>
    upTo === 'confirmed'
      ? [t.completed('inline'), t.reserved(), t.confirmed()]
      : [t.completed('inline'), t.reserved()],
  );
}

/** A balance addition's one decision: accepted and completed at once, nothing left to wait for. */
export const balanceAdditionDecisions = (transactionId: string): Decided[] =>
  decisionsFor(transactionId, (t) => [t.completed('balanceAddition')]);

/** The decisions of the steps, one per input, each from the state the one before left. */
export function decisionsFor(
  transactionId: string,
  stepsOf: (t: ReturnType<typeof inputs>) => Step[],
): Decided[] {
  const steps = stepsOf(inputs(transactionId));
  let state = emptyDeciderState();
  return steps.map((next) => {
    const input = typeof next === 'function' ? next(state.snapshot.context) : next;
    const decision = decideFrom(state, admitInput(input), seedSettings);
    state = stateAfter(state, decision);
    return { events: decision.events, after: state };
  });
}
