import { Partitioners, type Admin, type Producer } from 'kafkajs';
import type { ParkingRecord, RejectedRecord } from '@mp/contracts';
import { kafkaNames } from '@mp/event-log';
import { luhnCheckDigit } from '@mp/sim';
import { transactionIdOn } from '../support/partitions';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  startPurchaseSystem,
  testKafka,
  type PurchaseSystem,
} from '../support/purchase-system';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12: a decision the broker refuses for a reason no retry changes (its records are too large for the broker or
// the topic) must not wedge the partition. Before ADR 0026 the orchestrator re-claimed the partition and failed the
// same batch again, forever: no purchase behind it got its directive.

jest.setTimeout(180_000);

const PARTITION = 2;
const ICCID = `894401000000000007${luhnCheckDigit('894401000000000007')}`;
const idOn = transactionIdOn;

/** Every bounded field at its longest, in three-byte characters: the largest valid balance addition. */
const fat = (transactionId: string) =>
  portalEvents.balanceAddition(transactionId, ICCID, {
    purchaseMetadata: {
      userAccount: 'New',
      purchaseInstrument: 'New',
      line: 'Existing',
      moDirectStatus: 'Complete',
      planName: '€'.repeat(256),
    },
    plan: {
      planId: '€'.repeat(128),
      balanceType: 'MODIRECTPAYG',
      dataMB: 2048,
      validity: 'P30D',
      locations: Array.from({ length: 250 }, () => 'US'),
    },
  });

describe('a decision the broker refuses', () => {
  const env = testEnvironment(isolatedEnvironment('refused'));
  const names = kafkaNames(env.KAFKA_NAMESPACE!);
  const kafka = testKafka(env);
  let admin: Admin;
  let system: PurchaseSystem;
  let recorder: TopicRecorder;
  let producer: Producer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [...names.specs], waitForLeaders: true });
    system = await startPurchaseSystem({ env });
    recorder = new TopicRecorder(system.kafka, [
      names.topics.purchaseEvents,
      names.topics.purchaseParking,
      names.topics.rejectedRecords,
      names.topics.directives,
    ]);
    await recorder.start();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
    await admin?.disconnect();
  });

  const send = (events: readonly Record<string, unknown>[]) =>
    producer.send({
      topic: names.topics.portalEvents,
      acks: -1,
      messages: events.map((event) => ({
        key: String(event.transactionId),
        value: JSON.stringify(event),
      })),
    });
  /** The purchase's view once it has a directive (long-polled, a few rounds). */
  const directive = async (transactionId: string) => {
    let answer = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}?waitMs=10000`);
    for (let round = 0; round < 3 && answer.status === 404; round += 1) {
      answer = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}?waitMs=10000`);
    }
    return answer;
  };
  /** Bytes the first decision of a purchase wrote to the event log. */
  const eventBytes = (transactionId: string) =>
    recorder.records
      .filter(
        (record) => record.topic === names.topics.purchaseEvents && record.key === transactionId,
      )
      .reduce((sum, record) => sum + (record.value?.length ?? 0) + 200, 0);

  it('commits the rest of the batch record by record, parks the purchase that cannot be written, and the partition flows on', async () => {
    // Calibration on another partition: what one ordinary and one largest valid decision write.
    const plain = idOn(0, 'calibrate');
    const large = idOn(0, 'calibrate-fat');
    await send([portalEvents.balanceAddition(plain, ICCID), fat(large)]);
    expect((await directive(plain)).status).toBe(200);
    expect((await directive(large)).status).toBe(200);
    await recorder.catchUp();
    const [ordinaryBytes, fatBytes] = [eventBytes(plain), eventBytes(large)];
    expect(fatBytes).toBeGreaterThan(2 * ordinaryBytes);

    // The event log now takes what one ordinary decision writes, and not what a largest one does: as if the
    // operator's broker had a smaller limit than the records need. A batch of several ordinary decisions is too much.
    const limit = Math.round((ordinaryBytes + fatBytes) / 2);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: 2, // TOPIC
          name: names.topics.purchaseEvents,
          configEntries: [
            ...(names.specs.find((spec) => spec.topic === names.topics.purchaseEvents)
              ?.configEntries ?? []),
            { name: 'max.message.bytes', value: String(limit) },
          ],
        },
      ],
    });
    // The issue's own record: a 700 kB planName put straight on the topic, past the gateway.
    const huge = idOn(PARTITION, 'huge');
    const hugeEvent = portalEvents.balanceAddition(huge, ICCID, {
      purchaseMetadata: {
        userAccount: 'New',
        purchaseInstrument: 'New',
        line: 'Existing',
        moDirectStatus: 'Complete',
        planName: 'x'.repeat(700 * 1024),
      },
    });
    const blocked = idOn(PARTITION, 'too-large');
    const before = Array.from({ length: 8 }, () => idOn(PARTITION, 'before'));
    const after = Array.from({ length: 20 }, () => idOn(PARTITION, 'after'));
    // One send: the orchestrator reads them in one batch, and one transaction of them all is refused.
    await send([
      hugeEvent,
      ...before.map((id) => portalEvents.balanceAddition(id, ICCID)),
      fat(blocked),
      ...after.map((id) => portalEvents.balanceAddition(id, ICCID)),
    ]);

    for (const transactionId of [...before, ...after]) {
      expect([transactionId, (await directive(transactionId)).status]).toEqual([
        transactionId,
        200,
      ]);
    }
    const parked = await waitFor(
      () =>
        recorder
          .json<ParkingRecord>(names.topics.purchaseParking)
          .find((record) => record.transactionId === blocked),
      { timeoutMs: 30_000, what: 'the purchase whose decision cannot be written parked' },
    );
    expect(parked).toMatchObject({
      kind: 'parked',
      error: {
        code: 'DECISION_REFUSED',
        message: expect.stringMatching(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/) as unknown,
      },
    });
    const rejected = await waitFor(() =>
      recorder
        .json<RejectedRecord>(names.topics.rejectedRecords)
        .find((record) => record.source.key === huge),
    );
    expect(rejected).toMatchObject({ code: 'RECORD_TOO_LARGE' });
    expect(rejected.value.length).toBeLessThanOrEqual(16_384);

    // Nothing twice: each purchase of the batch accepted once.
    await recorder.catchUp();
    for (const transactionId of [...before, ...after]) {
      const accepted = recorder
        .json<{ type: string; metadata: { transactionId: string } }>(names.topics.purchaseEvents)
        .filter(
          (event) =>
            event.metadata?.transactionId === transactionId && event.type === 'PurchaseAccepted',
        );
      expect([transactionId, accepted.length]).toEqual([transactionId, 1]);
    }
    expect(eventBytes(blocked)).toBe(0);
  });
});
