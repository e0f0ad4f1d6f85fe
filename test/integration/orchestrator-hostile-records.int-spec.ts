import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { RejectedRecord } from '@mp/contracts';
import { luhnCheckDigit } from '@mp/sim';
import { acceptAnyTimestamp, hostileRecords, sendHostile } from '../support/hostile-records';
import { transactionIdOn } from '../support/partitions';
import { portalEvents } from '../support/portal-events';
import { getJson, startPurchaseSystem, type PurchaseSystem } from '../support/purchase-system';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12 / G14 for the orchestrator's own inputs: on each of its input topics, a record that is not JSON, has the
// wrong shape, is oversized or carries an absurd timestamp is rejected with its reason, and the next valid record of
// the same partition is decided. Before ADR 0026, a timestamp beyond the Date range threw outside the per-record
// guard and the partition stopped.

jest.setTimeout(120_000);

const PARTITION = 3;
const ICCID = `894401000000000007${luhnCheckDigit('894401000000000007')}`;

describe('hostile records on the orchestrator input topics', () => {
  let system: PurchaseSystem;
  let recorder: TopicRecorder;
  let producer: Producer;

  beforeAll(async () => {
    system = await startPurchaseSystem();
    recorder = new TopicRecorder(system.kafka, [system.names.topics.rejectedRecords]);
    await recorder.start();
    producer = system.kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  const rejectedOf = (topic: string) =>
    recorder
      .json<RejectedRecord>(system.names.topics.rejectedRecords)
      .filter((record) => record.source.topic === topic && record.source.partition === PARTITION);

  async function putHostile(topic: string, key: string, valid: string) {
    const hostile = hostileRecords(PARTITION, key, valid);
    await acceptAnyTimestamp(system.kafka, topic);
    for (const record of hostile) await sendHostile(producer, topic, [record.message]);
    return hostile;
  }

  it('portal events: each rejected with its reason, then the next purchase on the partition gets its directive', async () => {
    const topic = system.names.topics.portalEvents;
    const spoiled = transactionIdOn(PARTITION, 'spoiled');
    const hostile = await putHostile(
      topic,
      spoiled,
      JSON.stringify(portalEvents.balanceAddition(spoiled, ICCID)),
    );
    const next = transactionIdOn(PARTITION, 'next');
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: next, value: JSON.stringify(portalEvents.balanceAddition(next, ICCID)) }],
    });

    const view = await getJson(`${system.gatewayUrl}/v1/purchases/${next}?waitMs=10000`);
    expect(view.status).toBe(200);
    const rejected = await waitFor(() => {
      const found = rejectedOf(topic).filter((record) => record.source.key === spoiled);
      return found.length === hostile.length ? found : undefined;
    });
    expect(rejected.map((record) => record.code).sort()).toEqual(
      [
        'INVALID_JSON',
        'INVALID_INPUT',
        'RECORD_TOO_LARGE',
        'INVALID_TIMESTAMP',
        'INVALID_TIMESTAMP',
      ].sort(),
    );
    for (const record of rejected) expect(record.reason.length).toBeGreaterThan(0);
  });

  it('purchase inputs: each rejected with its reason, then the next command on the partition is decided', async () => {
    const topic = system.names.topics.purchaseInputs;
    const redrive = (transactionId: string) =>
      JSON.stringify({
        kind: 'redrive',
        redriveId: randomUUID(),
        transactionId,
        requestedBy: 'support:alice',
        reason: 'checking',
        requestedAt: new Date().toISOString(),
      });
    const spoiled = transactionIdOn(PARTITION, 'spoiled-input');
    await putHostile(topic, spoiled, redrive(spoiled));
    // Not parked, so decided as a rejection NOT_PARKED: proof the partition got past the hostile records.
    const next = transactionIdOn(PARTITION, 'next-input');
    await producer.send({ topic, acks: -1, messages: [{ key: next, value: redrive(next) }] });

    const decided = await waitFor(
      () => rejectedOf(topic).find((record) => record.transactionId === next),
      { timeoutMs: 30_000, what: 'the valid command after the hostile records decided' },
    );
    expect(decided.code).toBe('NOT_PARKED');
    const rejected = rejectedOf(topic).filter((record) => record.source.key === spoiled);
    expect(rejected.map((record) => record.code).sort()).toEqual(
      [
        'INVALID_JSON',
        'INVALID_INPUT',
        'RECORD_TOO_LARGE',
        'INVALID_TIMESTAMP',
        'INVALID_TIMESTAMP',
      ].sort(),
    );
  });
});
