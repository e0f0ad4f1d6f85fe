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
  const t = inputs(transactionId);
  const steps: Step[] = [t.completed('inline'), t.reserved()];
  if (upTo === 'confirmed') steps.push(t.confirmed());
  let state = emptyDeciderState();
  return steps.map((next) => {
    const input = typeof next === 'function' ? next(state.snapshot.context) : next;
    const decision = decideFrom(state, admitInput(input), seedSettings);
    state = stateAfter(state, decision);
    return { events: decision.events, after: state };
  });
}
