import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { ParkingRecord, RejectedRecord } from '@mp/contracts';
import { loadOrchestratorConfig } from '@mp/config';
import { Headers, RecordKinds } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { luhnCheckDigit } from '@mp/sim';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import { auditLog } from '../support/log-audit';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const SIM = `894401000000000007${luhnCheckDigit('894401000000000007')}`;

describe('ingestion: duplicates, bad records and poison inputs', () => {
  let system: PurchaseSystem;
  let orchestrator: RunningApp[] = [];
  let responder: SmdpResponder;
  let recorder: TopicRecorder;
  let producer: Producer;
  const poisoned = `poison-${randomUUID()}`;

  beforeAll(async () => {
    system = await startPurchaseSystem({ orchestrator: false });
    producer = system.kafka.producer();
    await producer.connect();
    // An event this version cannot read (as if written by a newer release), in the log before the orchestrator
    // starts: with no changelog yet, its partition is folded from the log (ADR 0032), and every decision for the
    // purchase fails.
    system.logs.expectError(/^partition rebuild: an event this version cannot read/);
    await producer.send({
      topic: system.names.topics.purchaseEvents,
      acks: -1,
      messages: [
        {
          key: poisoned,
          value: JSON.stringify({ type: 'FromTheFuture', data: {}, metadata: { sequence: 1 } }),
          headers: { [Headers.recordKind]: RecordKinds.event, [Headers.transactionId]: poisoned },
        },
      ],
    });
    orchestrator = await runApps(
      [{ definition: orchestratorApp, config: loadOrchestratorConfig(system.env) }],
      { logDestination: system.logs.destination },
    );
    responder = new SmdpResponder(system.kafka, system.names, { iccidPrefix: '4403' });
    await responder.start();
    const { topics } = system.names;
    recorder = new TopicRecorder(system.kafka, [
      topics.purchaseEvents,
      topics.purchaseEffects,
      topics.rejectedRecords,
      topics.purchaseParking,
    ]);
    await recorder.start();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await responder?.stop();
    await stopApps(orchestrator);
    await system?.stop();
  });

  const url = (path: string) => `${system.gatewayUrl}${path}`;
  const directive = (transactionId: string) =>
    getJson(url(`/v1/purchases/${transactionId}?waitMs=10000`));
  const sendRaw = (topic: string, key: string, value: string) =>
    producer.send({ topic, acks: -1, messages: [{ key, value }] });
  const downloadOrders = (transactionId: string) =>
    auditLog(recorder, system.names.topics).effects.filter(
      (record) =>
        record.transactionId === transactionId &&
        record.effect.type === 'SendEs2Request' &&
        record.effect.function === 'downloadOrder',
    );
  const rejected = () => recorder.json<RejectedRecord>(system.names.topics.rejectedRecords);
  const parking = (transactionId: string) =>
    recorder
      .json<ParkingRecord>(system.names.topics.purchaseParking)
      .filter((record) => record.transactionId === transactionId);

  it('answers the same POST twice with the same 202, and it has one effect', async () => {
    const event = portalEvents.inline(`dup-http-${randomUUID()}`);
    const first = await postJson(url('/v1/portal-events'), event);
    const again = await postJson(url('/v1/portal-events'), { ...event });

    expect(again).toEqual(first);
    expect(first.status).toBe(202);
    expect((await directive(String(event.transactionId))).status).toBe(200);
    await waitFor(() =>
      downloadOrders(String(event.transactionId)).length > 0 ? true : undefined,
    );
    const accepted = auditLog(recorder, system.names.topics)
      .histories.get(String(event.transactionId))
      ?.filter((item) => item.type === 'PurchaseAccepted');
    expect(accepted).toHaveLength(1);
    expect(downloadOrders(String(event.transactionId))).toHaveLength(1);
  });

  it('refuses another body under an eventId already accepted (409), and names bad fields (400)', async () => {
    const event = portalEvents.inline(`dup-body-${randomUUID()}`);
    await postJson(url('/v1/portal-events'), event);

    const conflict = await postJson(url('/v1/portal-events'), {
      ...event,
      occurredAt: new Date(Date.now() + 1000).toISOString(),
    });
    const invalid = await postJson(url('/v1/portal-events'), { ...event, occurredAt: 'yesterday' });
    const usage = await postJson(url('/v1/usage-events'), {
      eventId: randomUUID(),
      iccid: SIM,
      location: 'US',
      usedMB: 0,
      occurredAt: new Date().toISOString(),
    });

    expect(conflict).toMatchObject({ status: 409, body: { error: { parameter: 'eventId' } } });
    expect(invalid).toMatchObject({ status: 400, body: { error: { parameter: 'occurredAt' } } });
    expect(usage.status).toBe(400);
  });

  it('accepts a valid usage event (202) for the balance projection', async () => {
    const eventId = randomUUID();
    const answer = await postJson(url('/v1/usage-events'), {
      eventId,
      iccid: SIM,
      location: 'us',
      usedMB: 12.5,
      occurredAt: new Date().toISOString(),
    });

    expect(answer).toEqual({ status: 202, body: { eventId, iccid: SIM } });
  });

  it('has one effect for the same portal event delivered twice on Kafka', async () => {
    const event = portalEvents.inline(`dup-kafka-${randomUUID()}`);
    const value = JSON.stringify(event);
    await sendRaw(system.names.topics.portalEvents, String(event.transactionId), value);
    await sendRaw(system.names.topics.portalEvents, String(event.transactionId), value);

    expect((await directive(String(event.transactionId))).status).toBe(200);
    await recorder.catchUp();
    expect(downloadOrders(String(event.transactionId))).toHaveLength(1);
  });

  it('keeps a malformed record as rejected with its reason, and goes on with the next purchase', async () => {
    const broken = `broken-${randomUUID()}`;
    const next = portalEvents.cancelled(`after-broken-${randomUUID()}`);
    const missingField = { ...portalEvents.inline(`missing-${randomUUID()}`), eid: undefined };
    await sendRaw(system.names.topics.portalEvents, broken, '{not json');
    await sendRaw(
      system.names.topics.portalEvents,
      String(missingField.transactionId),
      JSON.stringify(missingField),
    );
    await sendRaw(
      system.names.topics.portalEvents,
      String(next.transactionId),
      JSON.stringify(next),
    );

    expect((await directive(String(next.transactionId))).body).toMatchObject({
      status: 'cancelled',
    });
    const reasons = await waitFor(() => {
      const found = rejected().filter(
        (record) =>
          record.source.key === broken || record.transactionId === missingField.transactionId,
      );
      return found.length === 2 ? found : undefined;
    });
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_JSON', value: '{not json' }),
        expect.objectContaining({ code: 'INVALID_INPUT', parameter: 'eid' }),
      ]),
    );
  });

  it('parks a purchase whose input keeps failing, holds its later inputs, lets others flow, and redrives it', async () => {
    const other = portalEvents.inline(`healthy-${randomUUID()}`);
    await sendRaw(
      system.names.topics.portalEvents,
      poisoned,
      JSON.stringify(portalEvents.inline(poisoned)),
    );
    await sendRaw(
      system.names.topics.portalEvents,
      poisoned,
      JSON.stringify(portalEvents.cancelled(poisoned)),
    );
    await sendRaw(
      system.names.topics.portalEvents,
      String(other.transactionId),
      JSON.stringify(other),
    );

    expect((await directive(String(other.transactionId))).status).toBe(200);
    await waitFor(() => (parking(poisoned).length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the purchase parked and its later input held',
    });
    expect(parking(poisoned)).toEqual([
      expect.objectContaining({
        kind: 'parked',
        sequence: 1,
        attempts: 3,
        error: expect.objectContaining({ code: 'UNREADABLE_HISTORY' }) as unknown,
      }),
      expect.objectContaining({ kind: 'held', sequence: 2 }),
    ]);
    // Operations learn of the history it cannot read once, with where it lies.
    expect(system.logs.errors(/^partition rebuild: an event this version cannot read/)).toEqual([
      expect.objectContaining({ transactionId: poisoned }),
    ]);

    const redrive = (transactionId: string) =>
      sendRaw(
        system.names.topics.purchaseInputs,
        transactionId,
        JSON.stringify({
          kind: 'redrive',
          redriveId: randomUUID(),
          transactionId,
          requestedBy: 'support:alice',
          reason: 'deployed the fix',
          requestedAt: new Date().toISOString(),
        }),
      );
    await redrive(poisoned);
    const healthy = `not-parked-${randomUUID()}`;
    await redrive(healthy);

    // Still unreadable: the redrive runs what was held, in order, and parks the purchase again.
    await waitFor(() => (parking(poisoned).length === 5 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'released, then parked and held again',
    });
    expect(parking(poisoned).slice(2)).toEqual([
      expect.objectContaining({ kind: 'released', requestedBy: 'support:alice' }),
      expect.objectContaining({ kind: 'parked', sequence: 4 }),
      expect.objectContaining({ kind: 'held', sequence: 5 }),
    ]);
    await waitFor(() =>
      rejected().some((record) => record.transactionId === healthy && record.code === 'NOT_PARKED')
        ? true
        : undefined,
    );
  });
});
