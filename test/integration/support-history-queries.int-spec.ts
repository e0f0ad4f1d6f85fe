import { type PurchaseEffect } from '@mp/contracts';
import { decidePurchase, type Decided } from '../../apps/support/src/testing/decided-purchase';
import {
  ICCID,
  ICCID_2,
  inputs,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';
import type { Replay, ReplayStep } from '../../apps/support/src/replay/replay.types';
import { runSupportCli } from '../support/support-cli';
import { uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import {
  TOKEN,
  supportHistorySuite,
  type History,
  type Search,
} from '../support/support-api/support-history-fixture';

// Spawns the CLI as a separate process (tsx compiles it at each start): on a loaded 2-core machine that alone
// can take tens of seconds, beyond the tier's 30 s default; the CLI's own process timeout is 60 s.
jest.setTimeout(120_000);

// A purchase's history and its replay through the purchase machine, searches over the index, and the same from
// the command line. Access and bad requests: support-history-access.int-spec.ts; rejected records and parked
// purchases: support-history-failures.int-spec.ts; restarts and rebuilds: support-history-index.int-spec.ts.
describe('support API over the event index', () => {
  const suite = supportHistorySuite();
  const { names, purchases, get, indexed } = suite;

  it('gives the history oldest first, each event with its sequence, data and Kafka coordinates', async () => {
    const { transactionId, written } = purchases.inline!;
    const expected = written.flatMap((decision) => decision.events);

    const body = await indexed(transactionId, expected.length);

    expect(body.events.map((event) => event.sequence)).toEqual(expected.map((_, i) => i + 1));
    body.events.forEach((event, i) => {
      const { event: decided, at } = expected[i]!;
      expect(event).toMatchObject({
        type: decided.type,
        eventId: decided.metadata.eventId,
        occurredAt: decided.metadata.occurredAt,
        causationId: decided.metadata.causationId,
        data: plain(decided.data),
        kafka: { topic: names.topics.purchaseEvents, partition: at.partition, offset: at.offset },
      });
    });
    const offsets = body.events.map((event) => BigInt(event.kafka.offset));
    expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
  });

  it('replays each event through the purchase machine: the steps emit what decide emitted', async () => {
    const { transactionId, decisions } = purchases.inline!;
    await indexed(transactionId, decisions.flatMap((d) => d.events).length);

    const { status, body } = await get<Replay>(`/v1/support/transactions/${transactionId}/replay`);

    expect(status).toBe(200);
    expect(body.effectsCompared).toBe(true);
    expect(body.divergentSteps).toEqual([]);
    expect(body.steps).toHaveLength(decisions.flatMap((d) => d.events).length);
    for (const decided of decisions) {
      const steps = body.steps.filter((s) => s.causationId === decided.input.id);
      expect(steps.map((s) => s.eventId)).toEqual(decided.events.map((e) => e.metadata.eventId));
      expect(steps.flatMap((s) => s.effects)).toEqual(plain(decided.effects));
      expect(steps.at(-1)?.check).toMatchObject({ scope: 'input', status: 'same' });
    }
    expect(body.steps[0]).toMatchObject({
      stateBefore: 'idle',
      stateAfter: 'reserving',
      accepted: true,
    });
    expect(body.steps[0]?.emitted.es2Requests[0]).toMatchObject({ function: 'downloadOrder' });
    expect(body.steps[0]?.changes.map((c) => c.path)).toEqual(
      expect.arrayContaining(['flow', 'transactionId', 'pending.downloadOrder']),
    );
    expect(body.path).toEqual(['idle', 'reserving', 'confirming', 'awaitingDownload', 'completed']);
    expect(body.finalState).toBe('completed');
    expect(body.view).toMatchObject({ transactionId, status: 'completed' });
  });

  it('shows the timers a delayed purchase scheduled, and finds it among those waiting on a timer', async () => {
    const { transactionId, decisions } = purchases.delayed!;
    await indexed(transactionId, decisions.flatMap((d) => d.events).length);

    const replay = (await get<Replay>(`/v1/support/transactions/${transactionId}/replay`)).body;
    const scheduled = replay.steps.flatMap((s) => s.emitted.timers.scheduled);
    const waiting = await get<Search>(
      `/v1/support/transactions?waitingOnTimer=true&flow=delayedProfile`,
    );
    const byState = await get<Search>(`/v1/support/transactions?state=awaitingRelease`);

    expect(replay.finalState).toBe('awaitingRelease');
    expect(scheduled).toEqual([expect.objectContaining({ purpose: 'releaseProfile' })]);
    expect(waiting.body.purchases.map((p) => p.transactionId)).toEqual([transactionId]);
    expect(waiting.body.purchases[0]?.waitingOnTimer).toMatchObject({
      timerId: scheduled[0]?.timerId,
    });
    expect(byState.body.purchases.map((p) => p.transactionId)).toEqual([transactionId]);
  });

  it('finds the purchases that touched a SIM, newest first', async () => {
    const inline = purchases.inline!;
    const cancelled = purchases.cancelled!;
    await indexed(cancelled.transactionId, cancelled.decisions.flatMap((d) => d.events).length);

    type Sims = { transactionIds: string[] };
    const { status, body } = await get<Sims>(`/v1/support/sims/${ICCID}/transactions`);
    const other = await get<Sims>(`/v1/support/sims/${ICCID_2}/transactions`);

    expect(status).toBe(200);
    expect(body.transactionIds).toEqual([cancelled.transactionId, inline.transactionId]);
    expect(other.body.transactionIds).toEqual([purchases.delayed!.transactionId]);
  });

  it('flags a step whose recorded effects the current machine would no longer emit', async () => {
    const transactionId = uniqueName('tx-diverged');
    const t = inputs(transactionId);
    const { decisions } = decidePurchase([t.completed('inline'), t.reserved()], seedSettings);
    const tampered: Decided = {
      ...decisions[1]!,
      effects: decisions[1]!.effects.map((effect) => withOtherIccid(effect)),
    };
    await suite.writer.write(decisions[0]!);
    await suite.writer.write(tampered);
    await indexed(transactionId, decisions.flatMap((d) => d.events).length);
    // Effects are indexed from their own topic, apart from the events: wait until the tampered ones are all in.
    const body = await waitFor(
      async () => {
        const replay = await get<Replay>(`/v1/support/transactions/${transactionId}/replay`);
        const recorded = replay.body.steps
          .filter((s) => s.causationId === tampered.input.id)
          .reduce((sum, s) => sum + (s.check?.recorded.length ?? 0), 0);
        return recorded === tampered.effects.length ? replay.body : undefined;
      },
      { timeoutMs: 20_000, what: `the tampered effects of ${transactionId} indexed` },
    );

    const flagged: ReplayStep[] = body.steps.filter((s) => s.divergent);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.causationId).toBe(decisions[1]!.input.id);
    expect(flagged[0]?.check).toMatchObject({ status: 'differs' });
    expect(flagged[0]?.check?.unexpected.length).toBeGreaterThan(0);
    expect(flagged[0]?.check?.missing.length).toBeGreaterThan(0);
    expect(body.divergentSteps).toEqual([flagged[0]?.sequence]);
  });

  it('gives the same history and replay on the command line, readable or as JSON', async () => {
    const { transactionId, decisions } = purchases.inline!;
    const cli = (...args: string[]) =>
      runSupportCli(args, { SUPPORT_URL: suite.url, SUPPORT_TOKEN: TOKEN });

    const [json, text, refused] = await Promise.all([
      cli('history', transactionId, '--json'),
      cli('replay', transactionId),
      cli('history', transactionId, '--token', 'wrong-token-0123456789'),
    ]);

    expect(json.status).toBe(0);
    const history = JSON.parse(json.stdout) as History;
    expect(history.events.map((e) => e.eventId)).toEqual(
      decisions.flatMap((d) => d.events.map((e) => e.metadata.eventId)),
    );
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('idle → reserving → confirming → awaitingDownload → completed');
    expect(text.stdout).toContain('ES2+ downloadOrder');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CREDENTIAL_REFUSED (403)');
  });
});

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function withOtherIccid(effect: PurchaseEffect): PurchaseEffect {
  if (effect.type === 'SendEs2Request' && effect.function === 'confirmOrder') {
    return { ...effect, request: { ...effect.request, iccid: ICCID_2 } };
  }
  return effect;
}
