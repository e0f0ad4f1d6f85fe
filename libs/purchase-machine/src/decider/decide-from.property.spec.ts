import { type PurchaseEvent, type PurchaseSettingsInput } from '@mp/contracts';
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { purchaseMachine } from '../machine/purchase.machine';
import { inputPool } from '../testing/input-pool.fixture';
import { currentSettings, inputs, seedSettings } from '../testing/inputs.fixture';
import {
  advanceState,
  type DeciderState,
  emptyDeciderState,
  persistedState,
  type PersistedDeciderState,
  restoredState,
  stateAfter,
} from './decider-state';
import { fold } from './fold';
import { admitInput, decide, decideFrom } from './purchase-decider';
import { decisionAnswer as answer } from '../testing/decision-answer.fixture';

/**
 * What decide(history) reads from a history, taken from it directly and independently of the code under test:
 * the fold through xstate's own one-shot `transition()`, and every causation id in it (G3). If the kept state
 * (or the fold that decide(history) now shares with it) lost something decide needs, decisions made from it
 * would part from decisions made from this.
 */
function fromHistory(history: readonly PurchaseEvent[]): DeciderState {
  const snapshot = history.reduce(
    (current, event) => transition(purchaseMachine, current, event)[0],
    initialTransition(purchaseMachine)[0],
  );
  return { snapshot, answered: history.map((event) => event.metadata.causationId) };
}

/**
 * Drives one purchase with the history as the reference and checks that decide(history) and deciding from a kept
 * state answer the same at every input: a state kept from each decision (the orchestrator's write-through), one folded event by
 * event (its tail's echo of the log), and one read back from JSON (what a snapshot topic would hold).
 */
function compare(
  picks: readonly number[],
  settings: PurchaseSettingsInput,
  repeatEvery: number,
): void {
  const t = inputs();
  const history: PurchaseEvent[] = [];
  const sent: unknown[] = [];
  let written: DeciderState = emptyDeciderState();
  let echoed: DeciderState = emptyDeciderState();
  picks.forEach((pick, index) => {
    const make = inputPool[pick % inputPool.length];
    if (make === undefined) return;
    const next = make(t);
    const input = typeof next === 'function' ? next(fold(history).context) : next;
    // Redeliver an earlier input now and then (G3): only the answered inputs tell it from a new one.
    const redelivery = repeatEvery > 0 && index % repeatEvery === 0 ? sent.at(-1) : undefined;
    for (const candidate of redelivery === undefined ? [input] : [input, redelivery]) {
      const admitted = admitInput(candidate);
      const reference = decideFrom(fromHistory(history), admitted, settings);
      expect(answer(decide(history, candidate, settings))).toEqual(answer(reference));
      const fromWritten = decideFrom(written, admitted, settings);
      const fromEchoed = decideFrom(echoed, admitted, settings);
      const read = restoredState(
        JSON.parse(JSON.stringify(persistedState(written))) as PersistedDeciderState,
      );
      const fromRead = decideFrom(read, admitted, settings);
      expect(answer(fromWritten)).toEqual(answer(reference));
      expect(answer(fromEchoed)).toEqual(answer(reference));
      expect(answer(fromRead)).toEqual(answer(reference));
      history.push(...reference.events);
      written = stateAfter(written, fromWritten);
      echoed = reference.events.reduce(advanceState, echoed);
    }
    sent.push(input);
  });
}

describe('deciding from the kept state (issue 14)', () => {
  const scenario = fc.record({
    picks: fc.array(fc.nat({ max: inputPool.length - 1 }), { minLength: 1, maxLength: 40 }),
    generation: fc.constantFrom(seedSettings, currentSettings),
    repeatEvery: fc.nat({ max: 4 }),
  });

  it('gives exactly the decisions of decide(history): events, effects, outcome and rejection', () => {
    fc.assert(
      fc.property(scenario, ({ picks, generation, repeatEvery }) => {
        compare(picks, generation, repeatEvery);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps what folding the whole history gives: snapshot, last sequence and answered inputs', () => {
    fc.assert(
      fc.property(scenario, ({ picks, generation, repeatEvery }) => {
        const t = inputs();
        let history: PurchaseEvent[] = [];
        let kept = emptyDeciderState();
        picks.forEach((pick, index) => {
          const next = inputPool[pick % inputPool.length]!(t);
          const input = typeof next === 'function' ? next(kept.snapshot.context) : next;
          const decision = decideFrom(kept, admitInput(input), generation);
          kept = stateAfter(kept, decision);
          history = [...history, ...decision.events];
          if (repeatEvery > 0 && index % repeatEvery === 0) {
            kept = stateAfter(kept, decideFrom(kept, admitInput(input), generation));
          }
        });
        const folded = history.reduce(advanceState, emptyDeciderState());
        expect(kept.snapshot.value).toEqual(folded.snapshot.value);
        expect(kept.snapshot.context).toEqual(folded.snapshot.context);
        expect(kept.answered).toEqual(folded.answered);
        expect(kept.snapshot.context.sequence).toBe(history.length);
      }),
      { numRuns: 200 },
    );
  });
});
