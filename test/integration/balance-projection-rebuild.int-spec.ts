import { Client } from 'pg';
import {
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import { HistoryBuilder, iccidOf } from '../support/balance-api/purchase-histories';
import { testEnvironment, uniqueName } from '../support/test-environment';
import { runBalanceRebuild } from '../support/balance-rebuild';

// G6: `npm run balance:rebuild` reads its three topics (purchase events, usage, balance adjustments) from offset 0 into
// a fresh schema and must arrive at exactly the balances the live projection holds, whatever order the topics'
// partitions were read in.

const T0 = Date.parse('2030-05-01T00:00:00.000Z');
let api: BalanceApiUnderTest;
let sql: Client;

beforeAll(async () => {
  api = await startBalanceApi(new ManualClock(T0 + 3_600_000));
  sql = new Client({ connectionString: api.config.database?.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await api?.stop();
});

const balancesIn = async (schema: string): Promise<unknown[]> =>
  (
    await sql.query<Record<string, unknown>>(
      `SELECT iccid, opened_by, balance_type, data_mb, expires_at, locations FROM "${schema}".sim_balance ORDER BY iccid, opened_by`,
    )
  ).rows;

const adjustmentsIn = async (schema: string): Promise<unknown[]> =>
  (
    await sql.query<Record<string, unknown>>(
      `SELECT event_id, iccid, kind, adjustment, occurred_at FROM "${schema}".balance_adjustment ORDER BY event_id`,
    )
  ).rows;

it('a rebuild from offset 0 gives the same balances as the live projection', async () => {
  const sims = Array.from({ length: 12 }, (_, index) =>
    iccidOf(`8988247000001${String(index).padStart(5, '0')}`),
  );
  const plan = (index: number) => ({
    dataMB: 100 * (index + 1),
    validity: `P${index + 1}D`,
    locations: index % 2 ? ['US'] : ['US', 'FR'],
  });
  for (const [index, iccid] of sims.entries()) {
    const at = T0 + index * 1000;
    const history =
      index % 3 === 0
        ? new HistoryBuilder(uniqueName('tx'), at).completedInline(iccid, plan(index))
        : new HistoryBuilder(uniqueName('tx'), at).balanceAddition(iccid, plan(index));
    await api.writer.purchaseEvents(history.events);
    const topUp = new HistoryBuilder(uniqueName('tx'), at + 60_000);
    if (index % 4 === 1) {
      await api.writer.purchaseEvents(topUp.balanceAddition(iccid, plan(0)).events);
    }
    // ADR 0020: every kind of adjustment, each delivered twice, on the adjustments topic.
    const adjustment = {
      eventId: uniqueName('adj'),
      iccid,
      occurredAt: new Date(at + 90_000).toISOString(),
      ...adjustmentOf(index, plan(index).locations, index % 4 === 1 ? topUp : history),
    };
    await api.writer.adjustment(adjustment);
    await api.writer.adjustment(adjustment);
    if (index % 5 === 2) {
      await api.writer.purchaseEvents(
        new HistoryBuilder(uniqueName('tx'), at)
          .inlinePurchase(plan(index))
          .reserved(iccid)
          .cancel().events,
      );
    }
    const usage = {
      eventId: uniqueName('use'),
      iccid,
      location: 'US',
      usedMB: 33.3 * index + 1,
      occurredAt: new Date(at + 120_000).toISOString(),
    };
    await api.writer.usage(usage);
    await api.writer.usage(usage);
    // Usage stamped before its plan counts for nothing, live or rebuilt, whichever topic is read first.
    await api.writer.usage({
      ...usage,
      eventId: uniqueName('early'),
      occurredAt: new Date(at - 60_000).toISOString(),
    });
  }
  await api.writer.raw('usage', sims[0] ?? '', '{"broken":true}');
  await api.writer.raw('balanceAdjustments', sims[0] ?? '', '{"kind":"teleport"}');
  await api.caughtUp();

  const live = await balancesIn(api.config.database?.schema ?? '');
  expect(live.length).toBeGreaterThanOrEqual(sims.length);

  const rebuilt = uniqueName('rebuilt').toLowerCase();
  const output = await runRebuild(rebuilt);

  expect(output).toContain(`rebuilt the balance projection into schema ${rebuilt}`);
  expect(output).toMatch(/2 rejected records/);
  expect(await balancesIn(rebuilt)).toEqual(live);
  expect(await adjustmentsIn(rebuilt)).toEqual(
    await adjustmentsIn(api.config.database?.schema ?? ''),
  );
  expect(await adjustmentsIn(rebuilt)).toHaveLength(sims.length);
  // The rebuild is a child process (tsx compiles the command first): slow on a loaded 2-core machine.
}, 120_000);

/** One adjustment of each kind in turn (ADR 0020). */
function adjustmentOf(
  index: number,
  locations: readonly string[],
  purchase: HistoryBuilder,
): Record<string, unknown> {
  switch (index % 5) {
    case 0:
      return { kind: 'subscriptionCancelled', locations };
    case 1:
      return { kind: 'refund', transactionId: purchase.transactionId };
    case 2:
      return {
        kind: 'setBalance',
        locations,
        balanceType: 'MODIRECT',
        dataMB: 77.5,
        validity: 'P3D',
      };
    case 3:
      return { kind: 'correctBalance', locations, deltaMB: index % 2 ? 40 : -60 };
    default:
      return { kind: 'microBalanceAssigned', locations, dataMB: 5, validity: 'P1D' };
  }
}

function runRebuild(schema: string): Promise<string> {
  const env = testEnvironment({
    KAFKA_NAMESPACE: api.config.kafka.namespace,
    DATABASE_SCHEMA: api.config.database?.schema ?? '',
  });
  return runBalanceRebuild(env, schema, 60);
}
