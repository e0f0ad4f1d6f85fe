/**
 * CPU per decision and memory per purchase of the orchestrator's state (issues 14 and 15, ADR 0031).
 *
 *   npx tsx bench/purchase-decide.bench.ts [-- --decisions 2000 --runs 3 --purchases 20000]
 *
 * Decisions: one inline purchase in awaitingDownload, padded with device reports (RegistrationStateChanged, one
 * event each) to about 5, 50 and 500 events; then, per run, `--decisions` new reports are decided against that
 * history, each alone (the history does not grow): `refold` as the orchestrator decided before (decideAdmitted on
 * the whole history, every event through the machine again), `from state` from the kept DeciderState (decideFrom;
 * only where this build has it). Inputs are admitted beforehand, as the orchestrator does once per record.
 * Memory: `--purchases` inline purchases waiting for their download notification (as bench:orchestrator-startup
 * preloads them), each history read from JSON as the log tail reads it, applied to a PurchaseStore; heap used
 * after a full GC, before and after, over the number of purchases. Pure code, no broker.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import type { PurchaseEvent } from '@mp/contracts';
import * as machine from '@mp/purchase-machine';
import { PurchaseStore } from '../apps/orchestrator/src/state/purchase-store';
import {
  ICCID,
  inputs,
  seedSettings,
  type Step,
} from '../libs/purchase-machine/src/testing/inputs.fixture';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    purchases: { type: 'string', default: '20000' },
    only: { type: 'string', default: '' },
  },
});
const decisions = Number(values.decisions);
const runs = Number(values.runs);
const purchases = Number(values.purchases);

type Admitted = ReturnType<typeof machine.admitInput>;
type Decider = (history: readonly PurchaseEvent[], state: unknown, admitted: Admitted) => unknown;

/** decideFrom and its state exist from this change on; the same script measures the code before it. */
const kept = machine as unknown as {
  decideFrom?: (state: unknown, admitted: Admitted, settings: typeof seedSettings) => unknown;
  foldState?: (events: readonly PurchaseEvent[]) => unknown;
};

function decideAll(steps: readonly Step[], transactionId = 'tx-bench'): PurchaseEvent[] {
  const history: PurchaseEvent[] = [];
  for (const step of steps) {
    const input = typeof step === 'function' ? step(machine.fold(history).context) : step;
    history.push(...machine.decide(history, input, seedSettings).events);
  }
  if (history[0]?.metadata.transactionId !== transactionId) throw new Error('not decided');
  return history;
}

function history(size: number): PurchaseEvent[] {
  const t = inputs('tx-bench');
  const events = decideAll([t.completed('inline'), t.reserved(), t.confirmed()]);
  // Reports one at a time: each adds one event, so the history grows to the size asked.
  while (events.length < size) {
    events.push(...machine.decide(events, t.registration('home'), seedSettings).events);
  }
  return events;
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** CPU µs per decision over `decisions` decisions against the same history. */
function measure(events: readonly PurchaseEvent[], decider: Decider): number {
  const t = inputs('tx-bench', '2025-06-02T10:00:00.000Z');
  // Ids of their own: the history's inputs are tx-bench-in-<n> too, and one of those would be a duplicate.
  const admitted = Array.from({ length: decisions }, (_, n) =>
    machine.admitInput({ ...(t.registration('searching') as object), id: `bench-${n}` }),
  );
  const state = kept.foldState?.(events);
  for (const input of admitted.slice(0, 50)) decider(events, state, input); // warm-up
  const start = cpuMicros();
  for (const input of admitted) decider(events, state, input);
  return (cpuMicros() - start) / decisions;
}

const refold: Decider = (events, _state, admitted) =>
  machine.decideAdmitted(events, admitted, seedSettings);
const fromState: Decider = (_events, state, admitted) =>
  kept.decideFrom!(state, admitted, seedSettings);

function spread(figures: readonly number[]): string {
  const sorted = [...figures].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(1).padStart(9)} (${sorted[0]!.toFixed(1)}-${sorted.at(-1)!.toFixed(1)})`;
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  collect();
  collect();
}

function memoryPerPurchase(): { bytes: number; events: number } {
  const t = inputs('tx-memory');
  const template = JSON.stringify(
    decideAll([t.completed('inline'), t.reserved(), t.confirmed()], 'tx-memory'),
  );
  // Each purchase its own id and ICCID, its events fresh objects from JSON, as the log tail parses them.
  const text = (n: number) =>
    template
      .replaceAll('tx-memory', `tx-memory-${String(n).padStart(8, '0')}`)
      .replaceAll(ICCID, `${ICCID.slice(0, 11)}${String(n).padStart(8, '0')}`);
  const store = new PurchaseStore();
  gc();
  const before = process.memoryUsage().heapUsed;
  let count = 0;
  for (let n = 0; n < purchases; n += 1) {
    for (const event of JSON.parse(text(n)) as PurchaseEvent[]) {
      store.applyEvent(index(event), event);
      count += 1;
    }
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  if (store.size().purchases !== purchases) throw new Error('purchases missing from the store');
  return { bytes: (after - before) / purchases, events: count / purchases };
}

/** CPU µs per event the store applies (what the log tail adds per record at start-up), JSON parsing excluded. */
function applyMicros(): number {
  const t = inputs('tx-apply');
  const template = JSON.stringify(
    decideAll([t.completed('inline'), t.reserved(), t.confirmed()], 'tx-apply'),
  );
  const parsed = Array.from(
    { length: purchases },
    (_, n) =>
      JSON.parse(
        template.replaceAll('tx-apply', `tx-apply-${String(n).padStart(8, '0')}`),
      ) as PurchaseEvent[],
  );
  const events = parsed.flat();
  const store = new PurchaseStore();
  const start = cpuMicros();
  for (const event of events) store.applyEvent(index(event), event);
  return (cpuMicros() - start) / events.length;
}

function index(event: PurchaseEvent): number {
  return event.metadata.transactionId.length % 4;
}

const code = kept.decideFrom === undefined ? 'before (decide refolds the history)' : 'this build';
console.log(
  `CPU per decision, µs: median (min-max) of ${runs} runs of ${decisions}, ${code}, node ${process.version}`,
);
console.log(
  `${'events'.padStart(8)}${'refold'.padStart(24)}${'from state'.padStart(24)}${'refold/state'.padStart(14)}`,
);
const sized = values.only === 'store' ? [] : [5, 50, 500].map(history);
// Both paths compiled before anything is measured: otherwise the first size measured pays for the JIT.
for (const events of sized) {
  measure(events, refold);
  if (kept.decideFrom !== undefined) measure(events, fromState);
}
const probe = inputs('tx-bench', '2025-06-03T10:00:00.000Z').registration('searching');
const decided: string[] = [];
for (const events of sized) {
  const refolds: number[] = [];
  const states: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    refolds.push(measure(events, refold));
    if (kept.decideFrom !== undefined) states.push(measure(events, fromState));
  }
  const sample = refold(
    events,
    undefined,
    machine.admitInput({ ...(probe as object), id: 'probe' }),
  );
  const { outcome, events: added } = sample as { outcome: string; events: readonly unknown[] };
  const ratio = states.length === 0 ? '' : (median(refolds) / median(states)).toFixed(1);
  const state = states.length === 0 ? '-'.padStart(9) : spread(states);
  console.log(
    `${String(events.length).padStart(8)}${spread(refolds).padStart(24)}${state.padStart(24)}${ratio.padStart(14)}`,
  );
  decided.push(`${events.length} events: ${outcome}, ${added.length} event(s)`);
}

if (decided.length > 0) {
  console.log(
    `each decision: a RegistrationStateChanged report in awaitingDownload (${decided.join('; ')})`,
  );
}

const memory = memoryPerPurchase();
console.log(
  `\nPurchaseStore: ${purchases} inline purchases waiting for their download notification, ${memory.events.toFixed(0)} events each: ${(memory.bytes / 1024).toFixed(2)} kB of heap per purchase`,
);
const applied = Array.from({ length: runs }, applyMicros);
console.log(`applying an event read from the log: ${spread(applied).trim()} µs of CPU`);

function median(figures: readonly number[]): number {
  return [...figures].sort((a, b) => a - b)[Math.floor(figures.length / 2)]!;
}
