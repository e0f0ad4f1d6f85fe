import { Kafka } from 'kafkajs';
import { TextLimits, maxExternalEventBytes } from '@mp/contracts';
import { kafkaNames } from '@mp/event-log';
import {
  HOUR,
  anyString,
  balances,
  firstBalance,
  getBalanceSuite,
} from '../support/balance-api/get-balance-fixture';
import { HistoryBuilder, type PlanSpec } from '../support/balance-api/purchase-histories';
import { expectRejected } from '../support/balance-api/rejected-records';
import { postJson, startPurchaseSystem, type PurchaseSystem } from '../support/purchase-system';
import { uniqueName } from '../support/test-environment';

// ADR 0020: the charging system's balance adjustments, on mobileplans.balance-adjustments.v1 and through
// POST /v1/balance-adjustments on the portal gateway, applied by the balance projection and read back through
// GetBalance over real HTTPS. D13–D17 extended; the seeds' walled-garden and micro-balance tests get their inputs.

const suite = getBalanceSuite(Date.parse('2030-06-01T00:00:00.000Z'));
const { clock, get, credit, eventually, programSim } = suite;
let gateway: PurchaseSystem;

beforeAll(async () => {
  // The gateway on the balance-api's Kafka namespace (its own database schema).
  gateway = await startPurchaseSystem({
    orchestrator: false,
    env: { KAFKA_NAMESPACE: suite.api.config.kafka?.namespace ?? '' },
  });
});
afterAll(() => gateway?.stop());

const NONE = { id: anyString, type: 'NONE', dataRemainingInMB: 0, timeRemaining: 'PT0S' };
const path = (iccid: string) => `/v1/sims/${iccid}/balances`;
const now = () => new Date(clock.nowMs).toISOString();
const adjustment = (iccid: string, fields: Record<string, unknown>) => ({
  eventId: uniqueName('adj'),
  iccid,
  occurredAt: now(),
  ...fields,
});
const post = (body: unknown) => postJson(`${gateway.gatewayUrl}/v1/balance-adjustments`, body);
const withData = (iccid: string, mb: number) =>
  eventually(path(iccid), (a) => firstBalance(a).dataRemainingInMB === mb, `${iccid} at ${mb} MB`);

describe('each kind of adjustment, through Kafka', () => {
  it('subscriptionCancelled ends the balance of its locations: walled garden, zero (seeds: prepaid test 1)', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 1024, validity: 'P30D', locations: ['US'] });
    await credit(iccid, { dataMB: 300, validity: 'P30D', locations: ['FR'] });
    await eventually(path(iccid), (a) => balances(a).length === 2);

    await suite.api.writer.adjustment(
      adjustment(iccid, { kind: 'subscriptionCancelled', locations: ['us'] }),
    );

    const us = await eventually(
      `${path(iccid)}?location=US`,
      (a) => firstBalance(a).type === 'NONE',
    );
    expect(balances(us)).toEqual([NONE]);
    expect(firstBalance(await get(`${path(iccid)}?location=FR`)).dataRemainingInMB).toBe(300);
  });

  it('microBalanceAssigned is never reported: a walled-garden SIM with a micro balance reads zero (seeds: prepaid test 2)', async () => {
    const walled = programSim();
    const planned = programSim();
    await credit(planned, { dataMB: 1000, validity: 'P30D', locations: ['US'] });
    await withData(planned, 1000);
    const micro = { kind: 'microBalanceAssigned', locations: ['US'], dataMB: 5, validity: 'P1D' };

    await suite.api.writer.adjustment(adjustment(walled, micro));
    await suite.api.writer.adjustment(adjustment(planned, micro));
    await suite.api.caughtUp();

    expect(balances(await get(path(walled)))).toEqual([NONE]);
    expect(balances(await get(path(planned)))).toEqual([
      expect.objectContaining({ type: 'MODIRECTPAYG', dataRemainingInMB: 1000 }),
    ]);
  });

  it('refund withdraws the refunded purchase: a top-up takes its data and validity back, the last plan ends the balance', async () => {
    const iccid = programSim();
    const first = uniqueName('tx');
    const topUp = uniqueName('tx');
    await creditAs(first, iccid, { dataMB: 1000, validity: 'P30D', locations: ['US'] });
    await creditAs(topUp, iccid, { dataMB: 500, validity: 'P60D', locations: ['US'] });
    const both = await withData(iccid, 1500);
    expect(firstBalance(both).timeRemaining).toBe('P59DT23H');

    await suite.api.writer.adjustment(adjustment(iccid, { kind: 'refund', transactionId: topUp }));
    const back = await withData(iccid, 1000);
    expect(firstBalance(back).timeRemaining).toBe('P29DT23H');

    await suite.api.writer.adjustment(adjustment(iccid, { kind: 'refund', transactionId: first }));
    const ended = await eventually(path(iccid), (a) => firstBalance(a).type === 'NONE');
    expect(balances(ended)).toEqual([NONE]);
  });

  it('setBalance makes the balance exactly what the charging system says, or opens one', async () => {
    const held = programSim();
    const fresh = programSim();
    await credit(held, { dataMB: 1024, validity: 'P30D', locations: ['US'] });
    const before = await withData(held, 1024);
    const set = {
      kind: 'setBalance',
      locations: ['US'],
      balanceType: 'MODIRECT',
      dataMB: 200,
      validity: 'P7D',
    };

    await suite.api.writer.adjustment(adjustment(held, set));
    await suite.api.writer.adjustment(adjustment(fresh, { ...set, dataMB: 50.5 }));

    const after = await withData(held, 200);
    expect(firstBalance(after)).toEqual({
      id: firstBalance(before).id,
      type: 'MODIRECT',
      dataRemainingInMB: 200,
      timeRemaining: 'P7D',
    });
    expect(firstBalance(await withData(fresh, 50.5))).toMatchObject({
      type: 'MODIRECT',
      timeRemaining: 'P7D',
    });
  });

  it('correctBalance adds or takes data, never below 0, and leaves the expiry', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 1000, validity: 'P30D', locations: ['US'] });
    await withData(iccid, 1000);
    // One second apart: at the same instant adjustments fold in eventId order, and the floor at 0 makes order matter.
    let step = 0;
    const correct = (deltaMB: number) =>
      suite.api.writer.adjustment(
        adjustment(iccid, {
          kind: 'correctBalance',
          locations: ['US'],
          deltaMB,
          occurredAt: new Date(clock.nowMs - HOUR / 2 + (step += 1) * 1000).toISOString(),
        }),
      );

    await correct(250);
    expect(firstBalance(await withData(iccid, 1250)).timeRemaining).toBe('P29DT23H');
    await correct(-1000.5);
    await withData(iccid, 249.5);
    await correct(-5000);
    expect(balances(await eventually(path(iccid), (a) => firstBalance(a).type === 'NONE'))).toEqual(
      [NONE],
    );
  });
});

describe('delivered twice, counted once', () => {
  it('through Kafka: the same eventId twice (and once more with another body) counts once', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'P30D', locations: ['US'] });
    await withData(iccid, 100);
    const once = adjustment(iccid, { kind: 'correctBalance', locations: ['US'], deltaMB: 40 });

    await suite.api.writer.adjustment(once);
    await suite.api.writer.adjustment(once);
    await suite.api.writer.adjustment({ ...once, deltaMB: 900 });
    await suite.api.caughtUp();

    expect(firstBalance(await get(path(iccid))).dataRemainingInMB).toBe(140);
  });

  it('through POST /v1/balance-adjustments: the same body twice is 202 twice and counts once; another body under its eventId is 409', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'P30D', locations: ['US'] });
    await withData(iccid, 100);
    const once = adjustment(iccid, { kind: 'correctBalance', locations: ['US'], deltaMB: -30 });

    const first = await post(once);
    const again = await post(once);
    const other = await post({ ...once, deltaMB: -90 });

    expect(first).toEqual({
      status: 202,
      body: { eventId: once.eventId, iccid, kind: 'correctBalance' },
    });
    expect(again.status).toBe(202);
    expect(other).toMatchObject({
      status: 409,
      body: { error: { code: 'EVENT_ID_CONFLICT', parameter: 'eventId' } },
    });
    await withData(iccid, 70);
    await suite.api.caughtUp();
    expect(firstBalance(await get(path(iccid))).dataRemainingInMB).toBe(70);
  });
});

describe('bad input', () => {
  const valid = () =>
    adjustment(programSim(), {
      kind: 'setBalance',
      locations: ['US'],
      balanceType: 'MODIRECT',
      dataMB: 10,
      validity: 'P1D',
    });
  const over = (limit: number) => 'x'.repeat(limit + 1);

  it.each([
    ['kind', { kind: 'topUp' }],
    ['kind', { kind: undefined }],
    ['eventId', { eventId: over(TextLimits.eventId) }],
    ['iccid', { iccid: '8988247000000000009' }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['reason', { reason: over(TextLimits.adjustmentReason) }],
    ['locations', { locations: [] }],
    ['locations.0', { locations: ['USA'] }],
    ['balanceType', { balanceType: 'PREPAID' }],
    ['dataMB', { dataMB: -1 }],
    ['validity', { validity: '30 days' }],
    ['deltaMB', { kind: 'correctBalance', deltaMB: 0 }],
    ['transactionId', { kind: 'refund' }],
    ['transactionId', { kind: 'refund', transactionId: over(TextLimits.transactionId) }],
    ['body', { note: 'x'.repeat(maxExternalEventBytes) }],
  ])('400 naming %s', async (parameter, fields) => {
    expect(await post({ ...valid(), ...fields })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_EVENT', message: anyString, parameter } },
    });
  });

  it('nothing refused reaches Kafka, and a JSON array is refused as the body', async () => {
    const before = await endOffsetSum();
    expect((await post([valid()])).body).toMatchObject({ error: { parameter: 'body' } });
    expect((await post({ ...valid(), dataMB: 'lots' })).status).toBe(400);
    expect(await endOffsetSum()).toBe(before);
  });

  it('hostile records on the topic are kept as rejected with their reason, and the next one is applied', async () => {
    const iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'P30D', locations: ['US'] });
    await withData(iccid, 100);

    await suite.api.writer.raw('balanceAdjustments', iccid, 'not json');
    await suite.api.writer.adjustment(adjustment(iccid, { kind: 'teleport' }));
    await suite.api.writer.adjustment(
      adjustment(iccid, { kind: 'refund', transactionId: over(TextLimits.transactionId) }),
    );
    await suite.api.writer.adjustment(
      adjustment(iccid, { kind: 'correctBalance', locations: ['US'], deltaMB: 1e12 }),
    );
    await suite.api.writer.adjustment(
      adjustment(iccid, { kind: 'correctBalance', locations: ['US'], deltaMB: 11 }),
    );

    await withData(iccid, 111);
    const rejected = await expectRejected(suite.api, iccid, [
      'NOT_JSON',
      'INVALID_BALANCE_ADJUSTMENT',
    ]);
    expect(
      rejected
        .filter((record) => record.code === 'INVALID_BALANCE_ADJUSTMENT')
        .map((record) => record.parameter),
    ).toEqual(['kind', 'transactionId', 'deltaMB']);
  });
});

async function creditAs(transactionId: string, iccid: string, plan: PlanSpec): Promise<void> {
  await suite.api.writer.purchaseEvents(
    new HistoryBuilder(transactionId, clock.nowMs - HOUR).balanceAddition(iccid, plan).events,
  );
}

async function endOffsetSum(): Promise<bigint> {
  const admin = new Kafka({
    clientId: 'balance-tests',
    brokers: [...(suite.api.config.kafka?.brokers ?? [])],
  }).admin();
  await admin.connect();
  try {
    const topic = kafkaNames(suite.api.config.kafka?.namespace ?? '').topics.balanceAdjustments;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high }) => sum + BigInt(high), 0n);
  } finally {
    await admin.disconnect();
  }
}
