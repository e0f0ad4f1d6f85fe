import { type PurchaseEffect, type PurchaseEvent, type PurchaseSettingsInput } from '@mp/contracts';
import { type Decision, type PurchaseSnapshot } from '../decider/decision.types';
import { fold } from '../decider/fold';
import { decide } from '../decider/purchase-decider';
import { seedSettings, type Step } from './inputs.fixture';

export interface Outcome {
  readonly history: readonly PurchaseEvent[];
  readonly decision: Decision;
  readonly snapshot: PurchaseSnapshot;
  /** The new events' types, in order. */
  readonly types: readonly string[];
  readonly effects: readonly PurchaseEffect[];
}

/**
 * given(steps…) builds a history by deciding each step (each must be accepted); when(step) decides one more and
 * returns what the test asserts on.
 */
export function given(...steps: Step[]) {
  return givenWith(seedSettings, ...steps);
}

export function givenWith(settings: PurchaseSettingsInput, ...steps: Step[]) {
  const history: PurchaseEvent[] = [];
  for (const next of steps) {
    const input = typeof next === 'function' ? next(fold(history).context) : next;
    const decision = decide(history, input, settings);
    if (decision.outcome !== 'accepted') {
      throw new Error(
        `given step ${JSON.stringify(input)} was ${decision.outcome}: ${JSON.stringify(decision)}`,
      );
    }
    history.push(...decision.events);
  }
  return {
    history,
    when(next: Step): Outcome {
      const input = typeof next === 'function' ? next(fold(history).context) : next;
      const decision = decide(history, input, settings);
      return {
        history: [...history, ...decision.events],
        decision,
        snapshot: decision.snapshot,
        types: decision.events.map((event) => event.type),
        effects: decision.effects,
      };
    },
  };
}

/** Effects without the ES2+ call ids, whose exact form has its own test. */
export function effectShapes(effects: readonly PurchaseEffect[]): unknown[] {
  return effects.map((effect) =>
    effect.type === 'SendEs2Request'
      ? { function: effect.function, request: effect.request }
      : effect,
  );
}
