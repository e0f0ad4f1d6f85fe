import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  loadBalanceApiConfig,
  loadPortalGatewayConfig,
  loadSmdpSimulatorConfig,
  loadSupportConfig,
} from '@mp/config';
import type {
  ParkingRecord,
  ProvisioningRequest,
  PurchaseEffectRecord,
  RejectedRecord,
} from '@mp/contracts';
import { Headers, kafkaNames, RecordKinds } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { balanceApiApp } from '../../apps/balance-api/src/balance-api.app';
import { portalGatewayApp } from '../../apps/portal-gateway/src/portal-gateway.app';
import { smdpSimulatorApp } from '../../apps/smdp-simulator/src/smdp-simulator.app';
import { supportApp } from '../../apps/support/src/support.app';
import { HistoryBuilder, iccidOf } from '../support/balance-api/purchase-histories';
import {
  acceptAnyTimestamp,
  hostileRecords,
  sendHostile,
  type HostileRecord,
} from '../support/hostile-records';
import { getJson, testKafka } from '../support/purchase-system';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 12 / G14: on every topic the purchase view, the balance projection, the support index and the connectivity
// stand-in read, a record that is not JSON, has the wrong shape, is oversized or has an absurd timestamp is kept as
// rejected with its reason where support sees it (the support index), and the next valid record of the same
// partition is processed.

jest.setTimeout(120_000);

const PARTITION = 1;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const env = testEnvironment({
  ...isolatedEnvironment('hostile'),
  PORTAL_GATEWAY_PORT: '0',
  BALANCE_API_PORT: '0',
  BALANCE_API_HTTPS_PORT: '0',
  SUPPORT_PORT: '0',
  SMDP_SIMULATOR_PORT: '0',
  SMDP_SIMULATOR_ES2_PORT: '0',
  SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: '0',
});
const { topics } = kafkaNames(env.KAFKA_NAMESPACE!);
const schema = env.DATABASE_SCHEMA!;
const kafka = testKafka(env);
const eventHeaders = { [Headers.recordKind]: RecordKinds.event };
const effectHeaders = { [Headers.effectType]: 'ProvisionConnectivity' };

let running: RunningApp[] = [];
let producer: Producer;
let sql: Client;
let inputs: TopicRecorder;

beforeAll(async () => {
  running = await runApps([
    { definition: portalGatewayApp, config: loadPortalGatewayConfig(env) },
    { definition: balanceApiApp, config: loadBalanceApiConfig(env) },
    { definition: supportApp, config: loadSupportConfig(env) },
    { definition: smdpSimulatorApp, config: loadSmdpSimulatorConfig(env) },
  ]);
  producer = kafka.producer();
  await producer.connect();
  sql = new Client({ connectionString: env.DATABASE_URL });
  await sql.connect();
  inputs = new TopicRecorder(kafka, [topics.provisioningResults]);
  await inputs.start();
});

afterAll(async () => {
  await inputs?.stop();
  await sql?.end();
  await producer?.disconnect();
  await stopApps(running);
});

/** Hostile records, then the valid one, on one partition in that order. */
async function write(
  topic: string,
  hostile: readonly HostileRecord[],
  valid: readonly string[],
  headers = {},
) {
  await acceptAnyTimestamp(kafka, topic);
  for (const record of hostile) await sendHostile(producer, topic, [record.message]);
  for (const value of valid) {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ partition: PARTITION, key: keyOf(value), value, headers }],
    });
  }
}

const keyOf = (value: string) => {
  const json = JSON.parse(value) as {
    iccid?: string;
    transactionId?: string;
    metadata?: { transactionId: string };
  };
  return json.metadata?.transactionId ?? json.transactionId ?? json.iccid ?? null;
};

const rows = <T>(query: string, values: unknown[] = []) =>
  sql.query(query.replaceAll('§', `"${schema}".`), values).then((result) => result.rows as T[]);

interface RejectionRow {
  rejection_id: string;
  code: string;
  reason: string;
  source: { topic: string; partition: number; offset: string };
}

it('rejects each hostile record with its reason on every topic, and processes the next valid record', async () => {
  const iccid = iccidOf(`898824700000${String(Date.now() % 1_000_000).padStart(6, '0')}`);
  const purchase = new HistoryBuilder(`tx-valid-${randomUUID()}`, T0).balanceAddition(iccid, {
    dataMB: 500,
    validity: 'P30D',
    locations: ['US'],
  });
  const other = new HistoryBuilder(`tx-future-${randomUUID()}`, T0).balanceAddition(iccid, {
    dataMB: 9,
    validity: 'P1D',
    locations: ['FR'],
  });
  const events = purchase.events.map((event) => JSON.stringify(event));
  const eventKey = purchase.transactionId;
  await write(
    topics.purchaseEvents,
    hostileRecords(PARTITION, eventKey, JSON.stringify(other.events[0]), eventHeaders),
    events,
    eventHeaders,
  );

  const usage = (eventId: string, usedMB: number) =>
    JSON.stringify({
      eventId,
      iccid,
      location: 'US',
      usedMB,
      occurredAt: new Date(T0 + 60_000).toISOString(),
    });
  const validUsage = usage(`use-${randomUUID()}`, 100);
  await write(
    topics.usage,
    hostileRecords(PARTITION, iccid, usage(`use-future-${randomUUID()}`, 400)),
    [validUsage],
  );

  // ADR 0020: the charging system's adjustments, on their own topic keyed by ICCID.
  const adjustment = (eventId: string, deltaMB: number) =>
    JSON.stringify({
      eventId,
      kind: 'correctBalance',
      iccid,
      locations: ['US'],
      deltaMB,
      occurredAt: new Date(T0 + 120_000).toISOString(),
    });
  await write(
    topics.balanceAdjustments,
    hostileRecords(PARTITION, iccid, adjustment(`adj-future-${randomUUID()}`, 1000)),
    [adjustment(`adj-${randomUUID()}`, -50)],
  );

  const effect = (effectId: string): PurchaseEffectRecord => ({
    effectId,
    transactionId: purchase.transactionId,
    causationId: 'cause-1',
    issuedAt: new Date(T0).toISOString(),
    effect: {
      type: 'ProvisionConnectivity',
      iccid,
      eid: '89033023422130000000000199055797',
      completeBy: new Date(T0).toISOString(),
    },
  });
  const validEffect = effect(`effect-${randomUUID()}`);
  await write(
    topics.purchaseEffects,
    hostileRecords(
      PARTITION,
      eventKey,
      JSON.stringify(effect(`effect-future-${randomUUID()}`)),
      effectHeaders,
    ),
    [JSON.stringify(validEffect)],
    effectHeaders,
  );

  // The stand-in reads the provisioning contract's requests (ADR 0021), keyed by ICCID.
  const request = (requestId: string): ProvisioningRequest => ({
    requestId,
    activation: 'warmSim',
    transactionId: purchase.transactionId,
    iccid,
    eid: '89033023422130000000000199055797',
    plan: {
      planId: 'plan-1',
      planName: 'Plan 1',
      balanceType: 'MODIRECTPAYG',
      dataMB: 1,
      validity: 'P1D',
      locations: ['US'],
    },
    completeBy: new Date(T0).toISOString(),
    requestedAt: new Date(T0).toISOString(),
  });
  const validRequest = request(`request-${randomUUID()}`);
  await write(
    topics.provisioningRequests,
    hostileRecords(PARTITION, iccid, JSON.stringify(request(`request-future-${randomUUID()}`))),
    [JSON.stringify(validRequest)],
  );

  const rejected = (rejectionId: string): RejectedRecord => ({
    rejectionId,
    source: { topic: topics.portalEvents, partition: 0, offset: '3', key: eventKey },
    transactionId: eventKey,
    code: 'INVALID_INPUT',
    reason: 'event.flow: invalid option',
    parameter: 'event.flow',
    value: '{"flow":"teleport"}',
    rejectedAt: new Date(T0).toISOString(),
  });
  const validRejection = rejected(`test:${randomUUID()}`);
  await write(
    topics.rejectedRecords,
    hostileRecords(PARTITION, eventKey, JSON.stringify(rejected(`test-future:${randomUUID()}`))),
    // Twice, as a projector that crashed after sending it sends it again: one rejection for support.
    [
      JSON.stringify(validRejection),
      JSON.stringify({ ...validRejection, rejectedAt: new Date().toISOString() }),
    ],
  );

  const parked = (transactionId: string): ParkingRecord => ({
    kind: 'parked',
    transactionId,
    sequence: 1,
    at: new Date(T0).toISOString(),
    error: { code: 'HANDLER_FAILED', message: 'boom' },
    attempts: 3,
    input: {
      source: { topic: topics.purchaseInputs, partition: 1, offset: '9', key: transactionId },
      value: '{}',
    },
  });
  const parkedId = `tx-parked-${randomUUID()}`;
  await write(
    topics.purchaseParking,
    hostileRecords(PARTITION, eventKey, JSON.stringify(parked(`tx-parked-future-${randomUUID()}`))),
    [JSON.stringify(parked(parkedId))],
  );

  // The next valid record of each partition is processed.
  await waitFor(
    async () => {
      const view = await getJson(`${running[0]!.url}/v1/purchases/${purchase.transactionId}`);
      return view.status === 200 ? view : undefined;
    },
    { timeoutMs: 30_000, what: 'the purchase view of the valid purchase' },
  );
  expect((await getJson(`${running[0]!.url}/v1/purchases/${other.transactionId}`)).status).toBe(
    404,
  );
  await waitFor(
    async () => {
      const balances = await rows<{ data_mb: number }>(
        'SELECT data_mb FROM §sim_balance WHERE iccid = $1',
        [iccid],
      );
      return balances.length === 1 && balances[0]!.data_mb === 350 ? true : undefined;
    },
    {
      timeoutMs: 30_000,
      what: 'the valid purchase credited, the valid usage and adjustment taken (500 - 100 - 50 MB)',
    },
  );
  await waitFor(
    async () => {
      const [indexed] = await rows<{
        events: string;
        effects: string;
        rejection: string;
        parked: string;
      }>(
        `SELECT (SELECT count(*) FROM §support_event WHERE transaction_id = $1) AS events,
                (SELECT count(*) FROM §support_effect WHERE effect_id = $2) AS effects,
                (SELECT count(*) FROM §support_rejected_record WHERE rejection_id = $3) AS rejection,
                (SELECT count(*) FROM §support_parking_record WHERE transaction_id = $4) AS parked`,
        [purchase.transactionId, validEffect.effectId, validRejection.rejectionId, parkedId],
      );
      return indexed &&
        Number(indexed.events) === purchase.events.length &&
        [indexed.effects, indexed.rejection, indexed.parked].every((count) => Number(count) === 1)
        ? true
        : undefined;
    },
    { timeoutMs: 30_000, what: 'the valid records indexed by support' },
  );
  const provisioned = await waitFor(
    () =>
      inputs
        .json<{ requestId: string }>(topics.provisioningResults)
        .find((record) => record.requestId === validRequest.requestId),
    { timeoutMs: 30_000, what: 'the stand-in answering the valid request' },
  );
  expect(provisioned).toMatchObject({ iccid, outcome: 'provisioned' });

  const [again] = await rows<{ count: string }>(
    'SELECT count(*) FROM §support_rejected_record WHERE rejection_id = $1',
    [validRejection.rejectionId],
  );
  expect(again?.count).toBe('1');

  // Each hostile record, rejected by each of its readers with its reason, where support sees it.
  const expected: [string, string, string][] = [
    ['purchase-view', topics.purchaseEvents, 'INVALID_PURCHASE_EVENT'],
    ['balance', topics.purchaseEvents, 'INVALID_PURCHASE_EVENT'],
    ['balance', topics.usage, 'INVALID_USAGE_EVENT'],
    ['balance', topics.balanceAdjustments, 'INVALID_BALANCE_ADJUSTMENT'],
    ['support-index', topics.purchaseEvents, 'INVALID_EVENT'],
    ['support-index', topics.purchaseEffects, 'INVALID_RECORD'],
    ['support-index', topics.rejectedRecords, 'INVALID_RECORD'],
    ['support-index', topics.purchaseParking, 'INVALID_RECORD'],
    ['connectivity', topics.provisioningRequests, 'INVALID_REQUEST'],
  ];
  const all = await waitFor(
    async () => {
      const found = await rows<RejectionRow>(
        'SELECT rejection_id, code, reason, source FROM §support_rejected_record',
      );
      return expected.every(([consumer, topic]) => found.filter(from(consumer, topic)).length >= 5)
        ? found
        : undefined;
    },
    { timeoutMs: 30_000, what: 'every hostile record rejected by every reader' },
  );
  if (process.env.SHOW_REJECTIONS)
    console.log(all.map((row) => `${row.rejection_id} ${row.code} ${row.reason}`).join('\n'));
  for (const [consumer, topic, shapeCode] of expected) {
    const mine = all
      .filter(from(consumer, topic))
      .sort((a, b) => Number(a.source.offset) - Number(b.source.offset));
    expect({ consumer, topic, codes: mine.map((row) => row.code) }).toEqual({
      consumer,
      topic,
      codes: ['NOT_JSON', shapeCode, 'RECORD_TOO_LARGE', 'INVALID_TIMESTAMP', 'INVALID_TIMESTAMP'],
    });
    expect(mine.every((row) => row.source.partition === PARTITION && row.reason.length > 0)).toBe(
      true,
    );
    expect(mine[2]?.reason).toMatch(/the record is \d+ bytes; at most 262144 are read/);
    expect(mine[3]?.reason).toMatch(/after 9999-12-31/);
    expect(mine[4]?.reason).toMatch(/beyond the Date range/);
  }
});

it('reports each projection and the stand-in in readiness, with its lag, and the lag as a metric', async () => {
  const parts = ['purchaseViews', 'balanceProjection', 'supportIndex', 'connectivityStandIn'];
  const reports = await Promise.all(running.map((app) => getJson(`${app.url}/health/ready`)));

  expect(reports.map((report) => report.status)).toEqual([200, 200, 200, 200]);
  const info = Object.assign({}, ...reports.map((report) => report.body.info)) as Record<
    string,
    unknown
  >;
  for (const part of parts)
    expect({ part, ...(info[part] as object) }).toMatchObject({ part, status: 'up' });
  for (const part of parts.slice(0, 3))
    expect(info[part]).toMatchObject({ state: 'live', lag: expect.any(Number) as unknown });
  const metrics = await (await fetch(`${running[1]!.url}/metrics`)).text();
  expect(metrics).toMatch(
    /mobileplans_projection_lag_records\{projection="balance",[^}]*topic="[^"]*usage[^"]*",partition="1"\} \d+/,
  );
});

const from = (consumer: string, topic: string) => (row: RejectionRow) =>
  row.rejection_id.startsWith(`${consumer}:`) && row.source.topic === topic;
