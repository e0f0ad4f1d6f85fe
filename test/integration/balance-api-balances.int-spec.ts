import { Kafka } from 'kafkajs';
import { kafkaNames } from '@mp/event-log';
import { HistoryBuilder } from '../support/balance-api/purchase-histories';
import { uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import {
  DAY,
  HOUR,
  US_30D,
  anyString,
  balances,
  firstBalance,
  getBalanceSuite,
} from '../support/balance-api/get-balance-fixture';

// GetBalance's balances over real HTTPS: D13–D17 (types, time remaining, top-ups, usage) and how the projection
// treats the purchase event log. Purchases are realistic histories from the purchase machine's own `decide`.

const suite = getBalanceSuite(Date.parse('2030-03-01T00:00:00.000Z'));
const { clock, get, credit, eventually, programSim } = suite;

describe('D13, D14, D15: balance types and time remaining', () => {
  it('postpaid → MODIRECT, prepaid → MODIRECTPAYG', async () => {
    const postpaid = programSim();
    const prepaid = programSim();
    await credit(postpaid, { ...US_30D, balanceType: 'MODIRECT' });
    await credit(prepaid, { ...US_30D, balanceType: 'MODIRECTPAYG' });

    await eventually(`/v1/sims/${postpaid}/balances`, (a) => firstBalance(a).type === 'MODIRECT');
    await eventually(
      `/v1/sims/${prepaid}/balances`,
      (a) => firstBalance(a).type === 'MODIRECTPAYG',
    );
  });

  it('time remaining is computed at request time and shrinks as time passes (section 6 test 4)', async () => {
    const iccid = programSim();
    await credit(iccid, US_30D, clock.nowMs - HOUR);
    const before = await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).type === 'MODIRECTPAYG',
    );

    clock.advance(DAY + 90_500);
    const after = await get(`/v1/sims/${iccid}/balances`);

    expect(firstBalance(before).timeRemaining).toBe('P29DT23H');
    expect(firstBalance(after).timeRemaining).toBe('P28DT22H58M29S');
  });

  it('a balance whose validity ended → NONE, 0, PT0S (walled garden, section 6 test 1)', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'PT2H', locations: ['US'] }, clock.nowMs - HOUR);
    await eventually(`/v1/sims/${iccid}/balances`, (a) => firstBalance(a).timeRemaining === 'PT1H');

    clock.advance(HOUR);

    expect(balances(await get(`/v1/sims/${iccid}/balances`))).toEqual([
      { id: anyString, type: 'NONE', dataRemainingInMB: 0, timeRemaining: 'PT0S' },
    ]);
  });

  it('D15: a completed eSIM purchase creates the balance of the installed profile; an unfinished or cancelled one does not', async () => {
    const installed = programSim();
    const awaiting = programSim();
    const cancelledSim = programSim();
    const start = clock.nowMs - HOUR;
    await suite.api.writer.purchaseEvents(
      new HistoryBuilder(uniqueName('tx'), start).completedInline(installed, US_30D).events,
    );
    await suite.api.writer.purchaseEvents(
      new HistoryBuilder(uniqueName('tx'), start)
        .inlinePurchase(US_30D)
        .reserved(awaiting)
        .confirmed().events,
    );
    await suite.api.writer.purchaseEvents(
      new HistoryBuilder(uniqueName('tx'), start)
        .inlinePurchase(US_30D)
        .reserved(cancelledSim)
        .cancel().events,
    );

    // Completion is the install report, 3 s after the purchase (one second per input).
    const answer = await eventually(
      `/v1/sims/${installed}/balances`,
      (a) => firstBalance(a).type === 'MODIRECTPAYG',
    );
    expect(firstBalance(answer)).toMatchObject({
      dataRemainingInMB: 1024,
      timeRemaining: 'P29DT23H3S',
    });
    expect(firstBalance(await get(`/v1/sims/${awaiting}/balances`)).type).toBe('NONE');
    expect(firstBalance(await get(`/v1/sims/${cancelledSim}/balances`)).type).toBe('NONE');
  });
});

describe('D16: balance addition (top-up)', () => {
  it('adds the plan to the active balance of the same locations and moves expiry to the later one', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 1000, validity: 'P30D', locations: ['US'] }, clock.nowMs - HOUR);
    await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).dataRemainingInMB === 1000,
    );

    await credit(iccid, { dataMB: 500, validity: 'P7D', locations: ['US'] }, clock.nowMs);
    const shorter = await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).dataRemainingInMB === 1500,
    );
    await credit(iccid, { dataMB: 250, validity: 'P60D', locations: ['US'] }, clock.nowMs);
    const longer = await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).dataRemainingInMB === 1750,
    );

    expect(balances(shorter)).toHaveLength(1);
    expect(firstBalance(shorter).timeRemaining).toBe('P29DT23H');
    expect(firstBalance(longer).timeRemaining).toBe('P60D');
  });

  it('with no active balance it creates one', async () => {
    const iccid = programSim();
    await credit(
      iccid,
      { dataMB: 10, validity: 'PT1H', locations: ['US'] },
      clock.nowMs - 2 * HOUR,
    );
    await credit(iccid, { dataMB: 700, validity: 'P1D', locations: ['US'] }, clock.nowMs);

    const answer = await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).dataRemainingInMB === 700,
    );
    expect(balances(answer)).toEqual([
      expect.objectContaining({ type: 'MODIRECTPAYG', timeRemaining: 'P1D' }),
    ]);
  });
});

describe('D17: usage', () => {
  it('subtracts used MB, counts a repeated event once, keeps invalid records with a reason, and never goes below 0', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 1024, validity: 'P30D', locations: ['US'] });
    await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).dataRemainingInMB === 1024,
    );
    const at = new Date(clock.nowMs).toISOString();
    const first = {
      eventId: uniqueName('use'),
      iccid,
      location: 'us',
      usedMB: 100.25,
      occurredAt: at,
    };

    await suite.api.writer.usage(first);
    await suite.api.writer.usage(first);
    await suite.api.writer.raw(
      'usage',
      iccid,
      JSON.stringify({ ...first, eventId: uniqueName('bad'), usedMB: -5 }),
    );
    await suite.api.writer.raw('usage', iccid, 'not json');
    await suite.api.writer.usage({ ...first, eventId: uniqueName('use'), usedMB: 23.75 });

    await suite.api.caughtUp();
    const lowered = await get(`/v1/sims/${iccid}/balances`);
    expect(firstBalance(lowered).dataRemainingInMB).toBe(900);
    await expectRejected(iccid, ['INVALID_USAGE_EVENT', 'NOT_JSON']);

    await suite.api.writer.usage({ ...first, eventId: uniqueName('use'), usedMB: 5000 });
    const exhausted = await eventually(
      `/v1/sims/${iccid}/balances`,
      (a) => firstBalance(a).type === 'NONE',
    );
    expect(balances(exhausted)).toEqual([
      expect.objectContaining({ type: 'NONE', dataRemainingInMB: 0, timeRemaining: 'PT0S' }),
    ]);
  });

  it('usage in one location leaves the balances of other locations unchanged', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'P30D', locations: ['US'] });
    await credit(iccid, { dataMB: 100, validity: 'P30D', locations: ['FR'] });
    await eventually(`/v1/sims/${iccid}/balances`, (a) => balances(a).length === 2);

    await suite.api.writer.usage({
      eventId: uniqueName('use'),
      iccid,
      location: 'FR',
      usedMB: 40,
      occurredAt: new Date(clock.nowMs).toISOString(),
    });

    await eventually(
      `/v1/sims/${iccid}/balances?location=FR`,
      (a) => firstBalance(a).dataRemainingInMB === 60,
    );
    expect(
      firstBalance(await get(`/v1/sims/${iccid}/balances?location=US`)).dataRemainingInMB,
    ).toBe(100);
  });
});

describe('the purchase event log', () => {
  it('skips records that are not events, keeps invalid events with a reason, and goes on', async () => {
    const iccid = programSim();
    const transactionId = uniqueName('tx');
    await suite.api.writer.raw('purchaseEvents', transactionId, '{"partition":1}', {
      'mp-record-kind': 'partition-claimed',
    });
    await suite.api.writer.raw(
      'purchaseEvents',
      transactionId,
      JSON.stringify({ type: 'PurchaseAccepted', data: {} }),
      { 'mp-record-kind': 'event' },
    );
    await suite.api.writer.purchaseEvents(
      new HistoryBuilder(transactionId, clock.nowMs).balanceAddition(iccid, US_30D).events,
    );

    await eventually(`/v1/sims/${iccid}/balances`, (a) => firstBalance(a).type === 'MODIRECTPAYG');
    await expectRejected(transactionId, ['INVALID_PURCHASE_EVENT']);
  });

  it('the same events delivered twice count once', async () => {
    const iccid = programSim();
    const events = new HistoryBuilder(uniqueName('tx'), clock.nowMs).balanceAddition(
      iccid,
      US_30D,
    ).events;
    await suite.api.writer.purchaseEvents(events);
    await suite.api.writer.purchaseEvents(events);
    await credit(iccid, { ...US_30D, dataMB: 1 }, clock.nowMs + 1);

    await suite.api.caughtUp();
    const answer = await get(`/v1/sims/${iccid}/balances`);
    expect(firstBalance(answer).dataRemainingInMB).toBe(1025);
  });
});

/** Waits for rejected records of this key with these codes on the namespace's rejected-records topic. */
async function expectRejected(key: string, codes: readonly string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'balance-tests',
    brokers: [...suite.api.config.kafka.brokers],
  });
  const consumer = kafka.consumer({ groupId: uniqueName('rejected-reader') });
  const seen: Array<{ code: string; reason: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({
      topic: kafkaNames(suite.api.config.kafka.namespace).topics.rejectedRecords,
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === key)
          seen.push(
            JSON.parse(message.value?.toString() ?? '{}') as { code: string; reason: string },
          );
        return Promise.resolve();
      },
    });
    await waitFor(
      () => (codes.every((code) => seen.some((record) => record.code === code)) ? true : undefined),
      {
        timeoutMs: 20_000,
        what: `rejected records ${codes.join(', ')} for ${key}`,
      },
    );
    expect(seen.every((record) => record.reason.length > 0)).toBe(true);
  } finally {
    await consumer.disconnect();
  }
}
