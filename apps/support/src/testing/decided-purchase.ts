import type {
  PurchaseEffect,
  PurchaseEvent,
  PurchaseInput,
  PurchaseSettingsInput,
} from '@mp/contracts';
import { decide, fold, type PurchaseContext } from '@mp/purchase-machine';

/**
 * A step of a purchase: an input (as the fixtures of libs/purchase-machine build them), or one built from the
 * purchase so far (a pending call id, a timer id).
 */
export type PurchaseStep =
  | PurchaseInput
  | Record<string, unknown>
  | ((context: PurchaseContext) => PurchaseInput | Record<string, unknown>);

/** One input and what `decide` answered: the events to append and the effects to carry out. */
export interface Decided {
  readonly input: PurchaseInput;
  readonly events: readonly PurchaseEvent[];
  readonly effects: readonly PurchaseEffect[];
}

/**
 * Runs the inputs of a purchase through the real decider, as the orchestrator does: each decision sees the
 * history so far. Test and bench data are then exactly what the machine produces.
 */
export function decidePurchase(
  steps: readonly PurchaseStep[],
  settings: PurchaseSettingsInput,
): { readonly decisions: Decided[]; readonly history: PurchaseEvent[] } {
  const history: PurchaseEvent[] = [];
  const decisions: Decided[] = [];
  for (const next of steps) {
    // Test data: every step names its id, time and purchase, as the decider's inputs do.
    const input = (
      typeof next === 'function' ? next(fold(history).context) : next
    ) as PurchaseInput;
    const decision = decide(history, input, settings);
    history.push(...decision.events);
    decisions.push({ input, events: decision.events, effects: decision.effects });
  }
  return { decisions, history };
}
