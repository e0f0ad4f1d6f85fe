import { type Decision } from '../decider/decision.types';

/** What a decision tells the host to do; the snapshot is checked through the decisions that follow. */
export function decisionAnswer(decision: Decision) {
  return {
    outcome: decision.outcome,
    rejection: decision.outcome === 'rejected' ? decision.rejection : null,
    events: decision.events,
    effects: decision.effects,
  };
}
