import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadSupportConfig } from '@mp/config';
import { type PurchaseEffect } from '@mp/contracts';
import { kafkaNames } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { supportApp } from '../../apps/support/src/support.app';
import {
  decidePurchase,
  type Decided,
  type PurchaseStep,
} from '../../apps/support/src/testing/decided-purchase';
import {
  PurchaseLogWriter,
  type WrittenDecision,
} from '../../apps/support/src/testing/purchase-log.writer';
import {
  ICCID,
  ICCID_2,
  inputs,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';
import type {
  historyEventOf,
  purchaseSummaryOf,
  redriveOf,
  rejectedRecordOf,
} from '../../apps/support/src/history/support-response.mapper';
import type { RedriveReceipt } from '../../apps/support/src/redrive/redrive.service';
import type { Replay, ReplayStep } from '../../apps/support/src/replay/replay.types';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// The support API over an index built by the real projector from real Kafka records: histories produced by the
// purchase machine's own `decide`, written as ADR 0007 says the orchestrator writes them.
const TOKEN = 'alice-support-token-0123456789';
const isolated = isolatedEnvironment('support');
const env = testEnvironment({
  ...isolated,
  SUPPORT_PORT: '0',
  SUPPORT_CREDENTIALS: `alice:${TOKEN},bob:bob-support-token-0123456789`,
});
const names = kafkaNames(isolated.KAFKA_NAMESPACE);

type HistoryEvent = ReturnType<typeof historyEventOf>;
type History = { transactionId: string; events: HistoryEvent[] };
type Summary = ReturnType<typeof purchaseSummaryOf>;
type Search = { purchases: Summary[] };
type Detail = Summary & { redrives: ReturnType<typeof redriveOf>[] };
type Rejected = { rejectedRecords: ReturnType<typeof rejectedRecordOf>[] };
type ErrorBody = { error: { code: string; message: string; parameter?: string } };

interface Purchase {
  readonly transactionId: string;
  readonly decisions: Decided[];
  readonly written: WrittenDecision[];
}

describe('support API over the event index', () => {
  let running: RunningApp[];
  let url: string;
  let kafka: Kafka;
  let writer: PurchaseLogWriter;
  const purchases: Record<string, Purchase> = {};

  const get = async <T = ErrorBody>(path: string, token: string | null = TOKEN) => {
    const response = await fetch(`${url}${path}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as T,
    };
  };

  async function run(name: string, build: (t: ReturnType<typeof inputs>) => PurchaseStep[]) {
    const transactionId = uniqueName(`tx-${name}`);
    const { decisions } = decidePurchase(build(inputs(transactionId)), seedSettings);
    const written: WrittenDecision[] = [];
    for (const decided of decisions) written.push(await writer.write(decided));
    purchases[name] = { transactionId, decisions, written };
    return purchases[name];
  }

  const indexed = (transactionId: string, count: number) =>
    waitFor(
      async () => {
        const answer = await get<History>(`/v1/support/transactions/${transactionId}/events`);
        return answer.status === 200 && answer.body.events.length === count
          ? answer.body
          : undefined;
      },
      { timeoutMs: 20000, what: `${count} indexed events of ${transactionId}` },
    );

  beforeAll(async () => {
    running = await runApps([{ definition: supportApp, config: loadSupportConfig(env) }]);
    url = running[0]!.url;
    kafka = new Kafka({
      clientId: 'support-int',
      brokers: env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    writer = new PurchaseLogWriter(kafka, names, uniqueName('support-int-writer'));
    await writer.connect();
    await writer.barrier('barrier');
    await run('inline', (t) => [
      t.completed('inline'),
      t.reserved(),
      t.confirmed(),
      t.progress(3),
      t.progress(4),
    ]);
    await run('delayed', (t) => [
      t.completed('delayedProfile'),
      t.reserved(ICCID_2),
      t.confirmed(),
    ]);
    // A day later than the others (the fixture's clock starts every purchase at the same instant).
    await run('cancelled', (t) =>
      aDayLater([t.completed('inline'), t.cancelled(), t.reserved(), t.orderCancelled()]),
    );
  });

  afterAll(async () => {
    await writer?.disconnect();
    await stopApps(running ?? []);
  });

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
    await writer.write(decisions[0]!);
    await writer.write(tampered);
    await indexed(transactionId, decisions.flatMap((d) => d.events).length);

    const { body } = await get<Replay>(`/v1/support/transactions/${transactionId}/replay`);

    const flagged: ReplayStep[] = body.steps.filter((s) => s.divergent);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.causationId).toBe(decisions[1]!.input.id);
    expect(flagged[0]?.check).toMatchObject({ status: 'differs' });
    expect(flagged[0]?.check?.unexpected.length).toBeGreaterThan(0);
    expect(flagged[0]?.check?.missing.length).toBeGreaterThan(0);
    expect(body.divergentSteps).toEqual([flagged[0]?.sequence]);
  });

  it('answers 401 without a credential or with a wrong one, and never for a configured one', async () => {
    const { transactionId } = purchases.inline!;
    const none = await get(`/v1/support/transactions/${transactionId}/events`, null);
    const wrong = await get(
      `/v1/support/transactions/${transactionId}/events`,
      'not-a-token-at-all-00',
    );
    const bob = await get(
      `/v1/support/transactions/${transactionId}/events`,
      'bob-support-token-0123456789',
    );

    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    expect(wrong.status).toBe(401);
    expect(bob.status).toBe(200);
    for (const path of ['/replay', '']) {
      expect((await get(`/v1/support/transactions/${transactionId}${path}`, null)).status).toBe(
        401,
      );
    }
    expect((await get(`/v1/support/sims/${ICCID}/transactions`, null)).status).toBe(401);
    expect((await get('/v1/support/rejected-records', null)).status).toBe(401);
  });

  it('answers 404 for an unknown purchase and 400 naming the bad field', async () => {
    const unknown = await get('/v1/support/transactions/no-such-purchase/events');
    const unknownReplay = await get('/v1/support/transactions/no-such-purchase/replay');
    const badIccid = await get('/v1/support/sims/1234/transactions');
    const badState = await get('/v1/support/transactions?state=sleeping');
    const badParam = await get('/v1/support/transactions?colour=red');

    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'UNKNOWN_TRANSACTION',
      parameter: 'transactionId',
    });
    expect(unknownReplay.status).toBe(404);
    expect(badIccid.status).toBe(400);
    expect(badIccid.body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'iccid' });
    expect(badState.body.error).toMatchObject({ parameter: 'state' });
    expect(badParam.body.error).toMatchObject({ parameter: 'colour' });
  });

  it('lists rejected records, and keeps an unreadable event as one instead of dropping it', async () => {
    const transactionId = uniqueName('tx-rejected');
    await writer.rejected({
      rejectionId: uniqueName('rej'),
      source: { topic: names.topics.portalEvents, partition: 0, offset: '7', key: transactionId },
      transactionId,
      code: 'INVALID_INPUT',
      reason: 'event.flow: invalid option',
      parameter: 'event.flow',
      value: '{"flow":"teleport"}',
      rejectedAt: '2025-06-01T10:00:00.000Z',
    });
    const garbage = await writer.raw(names.topics.purchaseEvents, transactionId, 'not json', {
      'mp-record-kind': 'event',
    });

    const records = await waitFor(
      async () => {
        const { body } = await get<Rejected>(
          `/v1/support/rejected-records?transactionId=${transactionId}`,
        );
        return body.rejectedRecords.length === 2 ? body.rejectedRecords : undefined;
      },
      { timeoutMs: 20000, what: 'two rejected records' },
    );

    expect(records.map((r) => r.code).sort()).toEqual(['INVALID_INPUT', 'NOT_JSON']);
    expect(records.find((r) => r.code === 'NOT_JSON')?.kafka).toEqual(garbage);
  });

  it('shows a parked purchase, and records who redrove it and why on the inputs topic', async () => {
    const { transactionId } = purchases.cancelled!;
    await writer.parking({
      kind: 'parked',
      transactionId,
      sequence: 1,
      at: '2025-06-01T11:00:00.000Z',
      error: { code: 'HANDLER_FAILED', message: 'boom' },
      attempts: 3,
      input: {
        source: {
          topic: names.topics.purchaseInputs,
          partition: 1,
          offset: '42',
          key: transactionId,
        },
        value: '{}',
      },
    });
    await waitFor(
      async () => {
        const { body } = await get<Search>('/v1/support/transactions?parked=true');
        return body.purchases.some((p) => p.transactionId === transactionId) ? true : undefined;
      },
      { timeoutMs: 20000, what: 'the parked purchase in search' },
    );
    const consumer = kafka.consumer({ groupId: uniqueName('support-int-inputs') });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: names.topics.purchaseInputs, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === transactionId) seen.push(message.value!.toString());
        return Promise.resolve();
      },
    });

    try {
      const missingReason = await post(`/v1/support/transactions/${transactionId}/redrive`, {});
      const unknown = await post('/v1/support/transactions/no-such-purchase/redrive', {
        reason: 'x',
      });
      const notParked = await post(
        `/v1/support/transactions/${purchases.inline!.transactionId}/redrive`,
        {
          reason: 'x',
        },
      );
      const unauthenticated = await post(
        `/v1/support/transactions/${transactionId}/redrive`,
        { reason: 'x' },
        null,
      );
      const accepted = await post(`/v1/support/transactions/${transactionId}/redrive`, {
        reason: 'SM-DP+ outage over, retrying',
      });

      expect(missingReason.status).toBe(400);
      expect(missingReason.body.error?.parameter).toBe('reason');
      expect(unknown.status).toBe(404);
      expect(notParked.status).toBe(409);
      expect(unauthenticated.status).toBe(401);
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({
        kind: 'redrive',
        transactionId,
        requestedBy: 'alice',
        reason: 'SM-DP+ outage over, retrying',
        kafka: { topic: names.topics.purchaseInputs },
      });
      const onKafka = await waitFor(() => (seen.length > 0 ? seen : undefined), {
        timeoutMs: 20000,
        what: 'the redrive command on the inputs topic',
      });
      const { kafka: _, ...command } = accepted.body as RedriveReceipt;
      expect(onKafka.map((value) => JSON.parse(value) as unknown)).toEqual([command]);
      const summary = await get<Detail>(`/v1/support/transactions/${transactionId}`);
      expect(summary.body.parked).toMatchObject({ error: { code: 'HANDLER_FAILED' } });
      expect(summary.body.redrives).toEqual([
        expect.objectContaining({ redriveId: accepted.body.redriveId, requestedBy: 'alice' }),
      ]);
    } finally {
      await consumer.disconnect();
    }
  });

  it('gives the same history and replay on the command line, readable or as JSON', async () => {
    const { transactionId, decisions } = purchases.inline!;
    // Asynchronous: the API answering the CLI runs in this very process.
    const cli = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          [require.resolve('tsx/cli'), 'apps/support/src/cli/main.ts', ...args],
          {
            cwd: resolve(__dirname, '../..'),
            env: { PATH: process.env.PATH, SUPPORT_URL: url, SUPPORT_TOKEN: TOKEN, NO_COLOR: '1' },
          },
          (error, stdout, stderr) =>
            done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });

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
    expect(refused.stderr).toContain('UNAUTHORIZED (401)');
  });

  it('applies each record once across a restart, and rebuilds the same index from the log', async () => {
    const { transactionId, decisions } = purchases.inline!;
    const count = decisions.flatMap((d) => d.events).length;
    const before = await indexed(transactionId, count);
    await stopApps(running);
    running = await runApps([{ definition: supportApp, config: loadSupportConfig(env) }]);
    url = running[0]!.url;
    const extra = await run('after-restart', (t) => [t.completed('balanceAddition')]);
    await indexed(extra.transactionId, extra.decisions.flatMap((d) => d.events).length);

    expect((await get<History>(`/v1/support/transactions/${transactionId}/events`)).body).toEqual(
      before,
    );

    const rebuild = await post('/v1/support/index/rebuild', {});
    expect(rebuild.status).toBe(202);
    const rebuilt = await indexed(transactionId, count);
    expect(rebuilt).toEqual(before);
    await indexed(extra.transactionId, extra.decisions.flatMap((d) => d.events).length);
  });

  async function post(path: string, body: unknown, token: string | null = TOKEN) {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Partial<RedriveReceipt> & Partial<ErrorBody>,
    };
  }
});

const day = 24 * 60 * 60 * 1000;
const later = (at: string) => new Date(Date.parse(at) + day).toISOString();

function aDayLater(steps: PurchaseStep[]): PurchaseStep[] {
  const shift = (input: Record<string, unknown>) => {
    const event = input.event as Record<string, unknown> | undefined;
    return {
      ...input,
      at: later(input.at as string),
      ...(event ? { event: { ...event, occurredAt: later(event.occurredAt as string) } } : {}),
    };
  };
  return steps.map((step) =>
    typeof step === 'function'
      ? (context: unknown) => shift((step as (c: unknown) => Record<string, unknown>)(context))
      : shift(step as Record<string, unknown>),
  );
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function withOtherIccid(effect: PurchaseEffect): PurchaseEffect {
  if (effect.type === 'SendEs2Request' && effect.function === 'confirmOrder') {
    return { ...effect, request: { ...effect.request, iccid: ICCID_2 } };
  }
  return effect;
}
