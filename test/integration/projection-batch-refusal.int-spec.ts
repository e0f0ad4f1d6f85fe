import { Headers, kafkaNames, RecordKinds } from '@mp/event-log';
import { HistoryBuilder, iccidOf } from '../support/balance-api/purchase-histories';
import { connectedAdmin, createTopicsSettled } from '../support/kafka-admin';
import { testKafka } from '../support/purchase-system';
import { ProjectionRebuild, projectionsUnderTest } from '../support/rebuilt-projections';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../support/test-environment';

// Issue 14: the three projections write a batch with multi-row statements, so a record the database refuses fails
// the statement that holds the whole batch. The runner then applies the batch's records one transaction each: only
// that record is rejected, and the records around it in the same batch are applied. Here the refused record is a
// purchase event whose plan name carries U+0000, which jsonb (every projection keeps the event) cannot store.

jest.setTimeout(120_000);

const T0 = Date.parse('2030-03-01T00:00:00.000Z');
const PARTITION = 2;
const env = testEnvironment(isolatedEnvironment('refusal'));
const names = kafkaNames(env.KAFKA_NAMESPACE!);
const kafka = testKafka(env);
const purchases = ['before', 'refused', 'after'].map((role, index) => {
  const iccid = iccidOf(`898824700000300000${index}`);
  const history = new HistoryBuilder(
    uniqueName(`refusal-${role}`),
    T0 + index * 1000,
  ).balanceAddition(iccid, { dataMB: 500, validity: 'P30D', locations: ['US'] });
  return { role, iccid, transactionId: history.transactionId, events: history.events };
});
/** Where the refused event sits: the first event of the second purchase. */
let refusedOffset = '';

beforeAll(async () => {
  const admin = await connectedAdmin(env);
  await createTopicsSettled(admin, { topics: [...names.specs] }).finally(() => admin.disconnect());
  const producer = kafka.producer();
  await producer.connect();
  try {
    // One send to one partition, ahead of every projection's start: the records are read as one batch.
    const [sent] = await producer.send({
      topic: names.topics.purchaseEvents,
      acks: -1,
      messages: purchases.flatMap(({ role, events }) =>
        events.map((event, index) => {
          const value = JSON.stringify(event);
          return {
            partition: PARTITION,
            key: event.metadata.transactionId,
            value: role === 'refused' && index === 0 ? withNul(value) : value,
            headers: { [Headers.recordKind]: RecordKinds.event },
          };
        }),
      ),
    });
    refusedOffset = String(BigInt(sent!.baseOffset!) + BigInt(purchases[0]!.events.length));
  } finally {
    await producer.disconnect();
  }
});

afterAll(async () => {
  const admin = await connectedAdmin(env);
  await admin.deleteTopics({ topics: names.specs.map((spec) => spec.topic) }).catch(() => {});
  await admin.disconnect();
});

/** The plan name with a U+0000 in it, as JSON text (a valid string to the event's schema). */
function withNul(value: string): string {
  const named = value.replace('"planName":"Test plan"', '"planName":"Test\\u0000plan"');
  if (named === value) throw new Error('no plan name in the purchase event');
  return named;
}

/** What a purchase's first event made in each projection: a balance (by ICCID), an indexed event, a view. */
const appliedQuery: Record<string, string> = {
  balance: 'SELECT iccid AS id FROM sim_balance',
  'support-index': 'SELECT transaction_id AS id FROM support_event WHERE sequence = 1',
  'purchase-view': 'SELECT transaction_id AS id FROM purchase_view',
};

it.each(projectionsUnderTest.map((under) => [under.name, under] as const))(
  '%s: only the refused record of the batch is rejected, the records before and after it are applied',
  async (name, under) => {
    const rebuild = await ProjectionRebuild.create(under, env, kafka);
    try {
      await rebuild.runner.start();
      await rebuild.caughtUp(60_000);

      expect(rebuild.rejected).toEqual([
        expect.objectContaining({
          code: 'APPLY_FAILED',
          reason: expect.stringMatching(/^the projection could not apply it: 22P05: /) as unknown,
          source: {
            topic: names.topics.purchaseEvents,
            partition: PARTITION,
            offset: refusedOffset,
            key: purchases[1]!.transactionId,
          },
        }),
      ]);
      const rows = await rebuild.dataSource.query<{ id: string }[]>(appliedQuery[name]!);
      const ids = new Set(rows.map((row) => row.id));
      for (const { role, iccid, transactionId } of purchases) {
        const id = name === 'balance' ? iccid : transactionId;
        expect({ role, applied: ids.has(id) }).toEqual({ role, applied: role !== 'refused' });
      }
      const [checkpoint] = await rebuild.dataSource.query<{ next_offset: string }[]>(
        'SELECT next_offset FROM projection_checkpoint WHERE topic = $1 AND partition = $2',
        [names.topics.purchaseEvents, PARTITION],
      );
      expect(BigInt(checkpoint!.next_offset)).toBe(
        BigInt(refusedOffset) + BigInt(purchases[1]!.events.length + purchases[2]!.events.length),
      );
    } finally {
      await rebuild.close();
    }
  },
);
