import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { loadSupportConfig } from '@mp/config';
import { parsePurchaseEvent, type PurchaseEffectRecord, type PurchaseEvent } from '@mp/contracts';
import { Headers, RecordKinds } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { supportApp } from '../../apps/support/src/support.app';
import type { historyEventOf } from '../../apps/support/src/history/support-response.mapper';
import type { Replay } from '../../apps/support/src/replay/replay.types';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

// Purchases run through the real portal gateway and orchestrator; the support index is built from what they
// wrote, and its history and replay must be exactly what ran.
const TOKEN = 'system-support-token-0123456789';

interface LoggedEvent {
  readonly event: PurchaseEvent;
  readonly partition: number;
  readonly offset: string;
}

describe('support over purchases the real orchestrator ran', () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;
  let support: RunningApp[];
  let tail: Consumer;
  const log: LoggedEvent[] = [];
  const effects: PurchaseEffectRecord[] = [];

  const get = async <T>(path: string) => {
    const response = await fetch(`${support[0]!.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    system = await startPurchaseSystem({
      env: { SUPPORT_PORT: '0', SUPPORT_CREDENTIALS: `dave:${TOKEN}` },
    });
    responder = new SmdpResponder(system.kafka, system.names, {
      iccidPrefix: '4403',
      notifyInstalled: true,
    });
    await responder.start();
    support = await runApps([{ definition: supportApp, config: loadSupportConfig(system.env) }]);
    // What the orchestrator really appended, read straight from the log (read committed).
    tail = system.kafka.consumer({ groupId: `${system.env.KAFKA_NAMESPACE}.test-tail` });
    await tail.connect();
    await tail.subscribe({
      topics: [system.names.topics.purchaseEvents, system.names.topics.purchaseEffects],
      fromBeginning: true,
    });
    await tail.run({
      eachMessage: ({ topic, partition, message }) => {
        const value = JSON.parse(message.value?.toString() ?? 'null') as unknown;
        if (topic === system.names.topics.purchaseEffects) {
          effects.push(value as PurchaseEffectRecord);
        } else if (message.headers?.[Headers.recordKind]?.toString() === RecordKinds.event) {
          const parsed = parsePurchaseEvent(value);
          if (parsed.ok) log.push({ event: parsed.event, partition, offset: message.offset });
        }
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await tail?.disconnect();
    await stopApps(support ?? []);
    await responder?.stop();
    await system?.stop();
  });

  async function purchase(event: Record<string, unknown>, settled: (status: string) => boolean) {
    const transactionId = String(event.transactionId);
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, event)).status).toBe(202);
    const view = await waitFor(
      async () => {
        const read = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}`);
        return read.status === 200 && settled(String(read.body.status)) ? read.body : undefined;
      },
      { timeoutMs: 30000, what: `purchase ${transactionId} to settle` },
    );
    // Settled in the view; the log holds every event once the support index has as many.
    const expected = await waitFor(
      async () => {
        const logged = log.filter((entry) => entry.event.metadata.transactionId === transactionId);
        const indexed = await get<{ events: unknown[] }>(
          `/v1/support/transactions/${transactionId}/events`,
        );
        return logged.length > 0 &&
          indexed.status === 200 &&
          indexed.body.events.length === logged.length
          ? logged
          : undefined;
      },
      { timeoutMs: 30000, what: `the support index to hold ${transactionId}` },
    );
    return { transactionId, view, expected };
  }

  it('shows the history the orchestrator appended, in order, at its Kafka coordinates', async () => {
    const { transactionId, view, expected } = await purchase(
      portalEvents.inline(`support-inline-${randomUUID()}`),
      (status) => status === 'completed',
    );

    const { body } = await get<{ events: ReturnType<typeof historyEventOf>[] }>(
      `/v1/support/transactions/${transactionId}/events`,
    );

    expect(
      body.events.map((e) => [e.sequence, e.type, e.eventId, e.kafka.partition, e.kafka.offset]),
    ).toEqual(
      expected.map(({ event, partition, offset }) => [
        event.metadata.sequence,
        event.type,
        event.metadata.eventId,
        partition,
        offset,
      ]),
    );
    expect(body.events.map((e) => e.sequence)).toEqual(expected.map((_, i) => i + 1));
    const iccid = (view.profile as { iccid: string }).iccid;
    const sims = await get<{ transactionIds: string[] }>(`/v1/support/sims/${iccid}/transactions`);
    expect(sims.body.transactionIds).toEqual([transactionId]);
  });

  it('replays each step to the effects the orchestrator recorded for it', async () => {
    const { transactionId } = await purchase(
      portalEvents.delayedProfile(`support-delayed-${randomUUID()}`),
      (status) => status === 'awaitingRelease',
    );
    const recorded = await waitFor(
      () => {
        const mine = effects.filter((record) => record.transactionId === transactionId);
        return mine.some((r) => r.effect.type === 'ScheduleTimer') ? mine : undefined;
      },
      { what: 'the purchase’s effect records' },
    );

    const { status, body } = await get<Replay>(`/v1/support/transactions/${transactionId}/replay`);

    expect(status).toBe(200);
    expect(body.effectsCompared).toBe(true);
    expect(body.divergentSteps).toEqual([]);
    expect(body.finalState).toBe('awaitingRelease');
    for (const causationId of new Set(recorded.map((record) => record.causationId))) {
      const replayed = body.steps
        .filter((step) => step.causationId === causationId)
        .flatMap((step) => step.effects);
      const ran = recorded
        .filter((record) => record.causationId === causationId)
        .map((r) => r.effect);
      expect(JSON.parse(JSON.stringify(replayed))).toEqual(ran);
    }
    expect(
      body.steps
        .filter((step) => step.check !== null)
        .every((step) => step.check?.status === 'same'),
    ).toBe(true);
  });
});
