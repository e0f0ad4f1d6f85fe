import { type PurchaseEvent } from '@mp/contracts';
import fc from 'fast-check';
import { inputPool } from '../testing/input-pool.fixture';
import { inputs, seedSettings, currentSettings } from '../testing/inputs.fixture';
import { fold } from './fold';
import { decide } from './purchase-decider';

const pool = inputPool;

interface Run {
  readonly history: PurchaseEvent[];
  readonly decisions: unknown[];
  readonly live: ReturnType<typeof fold>;
}

function run(picks: readonly number[], settings: typeof seedSettings, repeatEvery: number): Run {
  const t = inputs();
  const history: PurchaseEvent[] = [];
  const decisions: unknown[] = [];
  const sent: unknown[] = [];
  let live = fold([]);
  picks.forEach((pick, index) => {
    const make = pool[pick % pool.length];
    if (make === undefined) return;
    const next = make(t);
    const input = typeof next === 'function' ? next(fold(history).context) : next;
    // Redeliver an earlier input now and then (G3).
    const redelivery = repeatEvery > 0 && index % repeatEvery === 0 ? sent.at(-1) : undefined;
    for (const candidate of redelivery === undefined ? [input] : [input, redelivery]) {
      const decision = decide(history, candidate, settings);
      decisions.push({
        outcome: decision.outcome,
        events: decision.events,
        effects: decision.effects,
      });
      history.push(...decision.events);
      live = decision.snapshot;
    }
    sent.push(input);
  });
  return { history, decisions, live };
}

describe('replay (G10) and determinism', () => {
  const scenario = fc.record({
    picks: fc.array(fc.nat({ max: pool.length - 1 }), { minLength: 1, maxLength: 25 }),
    generation: fc.constantFrom(seedSettings, currentSettings),
    repeatEvery: fc.nat({ max: 4 }),
  });

  it('folding the recorded events from scratch gives the snapshot processed live', () => {
    fc.assert(
      fc.property(scenario, ({ picks, generation, repeatEvery }) => {
        const { history, live } = run(picks, generation, repeatEvery);
        const replayed = fold(history);
        expect(replayed.value).toEqual(live.value);
        expect(replayed.context).toEqual(live.context);
      }),
      { numRuns: 300 },
    );
  });

  it('the same inputs give the same events and effects', () => {
    fc.assert(
      fc.property(scenario, ({ picks, generation, repeatEvery }) => {
        expect(run(picks, generation, repeatEvery).decisions).toEqual(
          run(picks, generation, repeatEvery).decisions,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('a redelivered input never adds events', () => {
    fc.assert(
      fc.property(scenario, ({ picks, generation }) => {
        const { history } = run(picks, generation, 1);
        const causes = history.map(
          (event) => `${event.metadata.causationId}#${event.metadata.eventId}`,
        );
        expect(new Set(causes).size).toBe(causes.length);
        expect(history.map((event) => event.metadata.sequence)).toEqual(
          history.map((_e, i) => i + 1),
        );
      }),
      { numRuns: 200 },
    );
  });
});
