import { Client } from 'pg';
import { GetBalanceAccessLog } from '../../apps/balance-api/src/api/get-balance.access-log';
import {
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import type { ClientIdentity } from '../support/balance-api/balance-client';
import { iccidOf } from '../support/balance-api/purchase-histories';
import { uniqueName } from '../support/test-environment';

// GetBalance as operations run it: two instances over one database behind a load balancer share D10's repeat
// window, a retry after a 500 is not a repeat, and each request leaves an access log line and metrics.

const clock = new ManualClock(Date.parse('2030-05-01T00:00:00.000Z'));
const fast = { BALANCE_API_RATE_LIMIT_PER_SECOND: '1000', BALANCE_API_RATE_LIMIT_BURST: '100000' };
let first: BalanceApiUnderTest;
let second: BalanceApiUnderTest;
let n = 0;
const sim = () => iccidOf(`89882470000007${String((n += 1)).padStart(4, '0')}`);
const get = (
  api: BalanceApiUnderTest,
  iccid: string,
  headers: Record<string, string> = {},
  identity?: ClientIdentity,
) => api.client.get(`/v1/sims/${iccid}/balances`, { headers, ...(identity ? { identity } : {}) });
const withId = (id: string) => ({ 'X-MS-DM-TransactionId': id });

beforeAll(async () => {
  first = await startBalanceApi(clock, fast);
  // The same Kafka namespace and database schema: a second instance of the same deployment, reads only.
  second = await startBalanceApi(clock, {
    ...fast,
    KAFKA_NAMESPACE: first.config.kafka.namespace,
    DATABASE_SCHEMA: first.config.database.schema,
    BALANCE_API_PROJECTOR_ENABLED: 'false',
  });
});

afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

describe('D10 across instances (PostgreSQL)', () => {
  it('a transaction id answered by one instance is a repeat on the other', async () => {
    const id = uniqueName('MSFT');
    const other = uniqueName('MSFT');

    const statuses = [
      (await get(first, sim(), withId(id))).status,
      (await get(second, sim(), withId(id))).status,
      (await get(second, sim(), withId(other))).status,
      (await get(first, sim(), withId(other))).status,
    ];

    expect(statuses).toEqual([200, 409, 200, 409]);
  });

  it('the same id sent to both instances at once is answered once; the others are repeats', async () => {
    const id = uniqueName('MSFT');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => get(i % 2 === 0 ? first : second, sim(), withId(id))),
    );

    expect(answers.map((answer) => answer.status).sort()).toEqual([
      200, 409, 409, 409, 409, 409, 409, 409,
    ]);
  });

  it('a retry after a 500 is answered, and counts as seen once it is', async () => {
    const id = uniqueName('MSFT');
    const iccid = sim();
    const sql = new Client({ connectionString: first.config.database.url });
    await sql.connect();
    const schema = `"${first.config.database.schema}"`;
    try {
      // The balance store fails (its table is away) while the repeat window works.
      first.logs.expectError(/^balance read failed$/);
      await sql.query(`ALTER TABLE ${schema}.sim_balance RENAME TO sim_balance_away`);
      const failed = await get(first, iccid, withId(id));
      await sql.query(`ALTER TABLE ${schema}.sim_balance_away RENAME TO sim_balance`);

      const retried = await get(first, iccid, withId(id));
      const elsewhere = await get(second, iccid, withId(id));

      expect([failed.status, failed.json]).toEqual([
        500,
        { error: expect.objectContaining({ code: 'BALANCE_STORE_UNAVAILABLE' }) as unknown },
      ]);
      expect([retried.status, elsewhere.status]).toEqual([200, 409]);
      expect(first.logs.errors(/^balance read failed$/)).toEqual([
        expect.objectContaining({
          err: expect.objectContaining({ type: 'QueryFailedError' }) as unknown,
        }),
      ]);
    } finally {
      await sql
        .query(`ALTER TABLE IF EXISTS ${schema}.sim_balance_away RENAME TO sim_balance`)
        .catch(() => undefined);
      await sql.end();
    }
  });

  it('requests refused before the repeat check (400, 401) do not use the id up', async () => {
    const id = uniqueName('MSFT');

    const badQuery = await first.client.get(`/v1/sims/${sim()}/balances?limit=0`, {
      headers: withId(id),
    });
    const noCertificate = await get(second, sim(), withId(id), 'none');
    const answered = await get(second, sim(), withId(id));

    expect([badQuery.status, noCertificate.status, answered.status]).toEqual([400, 401, 200]);
  });
});

describe('the access log', () => {
  function linesOf(api: BalanceApiUnderTest, run: () => Promise<unknown>) {
    const spy = jest.spyOn(api.running.app.get(GetBalanceAccessLog).logger, 'info');
    return run()
      .then(() =>
        spy.mock.calls
          .filter((call) => call[1] === 'GetBalance request')
          .map((call) => call[0] as Record<string, unknown>),
      )
      .finally(() => spy.mockRestore());
  }

  it('one JSON line per request: transaction id, masked SIM, status, latency, client subject', async () => {
    const iccid = sim();
    const id = uniqueName('MSFT');

    const lines = await linesOf(first, async () => {
      await get(first, `iccid:${iccid}`, {
        ...withId(id),
        Authorization: 'Basic bWljcm9zb2Z0OnMzY3JldC1wYXNz',
      });
      await get(first, iccid, withId(id));
      await get(first, iccid, withId(`${id}-rogue`), 'rogue-client');
      await get(first, iccid);
    });

    expect(lines).toEqual([
      expect.objectContaining({
        msTransactionId: id,
        sim: `****${iccid.slice(-4)}`,
        status: 200,
        code: null,
        latencyMs: expect.any(Number) as unknown,
        client: 'CN=partners.datamart.windows.com',
        route: '/v1/sims/:simId/balances',
      }),
      expect.objectContaining({
        msTransactionId: id,
        status: 409,
        code: 'TRANSACTION_ID_REPEATED',
      }),
      expect.objectContaining({
        status: 403,
        code: 'CLIENT_CERTIFICATE_UNTRUSTED',
        client: expect.stringContaining('CN=') as unknown,
      }),
      // No id sent: the one the service made and returned.
      expect.objectContaining({ msTransactionId: expect.stringMatching(/^MO-/) as unknown }),
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(iccid);
    expect(text).not.toContain(iccid.slice(0, 12));
    expect(text).not.toContain('bWljcm9zb2Z0OnMzY3JldC1wYXNz');
    expect(text).not.toContain('s3cret');
  });

  it('an invalid transaction id is not logged, and an unknown route does not log its URL', async () => {
    const iccid = sim();

    const lines = await linesOf(first, async () => {
      await get(first, iccid, withId('x'.repeat(65)));
      await first.client.get(`/v1/sims/${iccid}/balance`);
    });

    expect(lines).toEqual([
      expect.objectContaining({ msTransactionId: null, status: 400, code: 'INVALID_HEADER' }),
      expect.objectContaining({ status: 404, code: 'NOT_FOUND', route: null }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(iccid);
    expect(JSON.stringify(lines)).not.toContain('x'.repeat(65));
  });
});

describe('metrics on the app port', () => {
  const scrape = async (): Promise<string> => (await fetch(`${first.running.url}/metrics`)).text();
  const sample = (text: string, series: string): number => {
    const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  it('counts answers by status and code and observes their latency', async () => {
    const before = await scrape();
    const id = uniqueName('MSFT');
    await get(first, sim(), withId(id));
    await get(second, sim(), withId(id));
    await get(first, '8988247000000000000');
    const after = await scrape();

    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('mobileplans_get_balance_requests_total{status="200",code=""}')).toBe(1);
    expect(
      delta('mobileplans_get_balance_requests_total{status="409",code="TRANSACTION_ID_REPEATED"}'),
    ).toBe(1);
    expect(delta('mobileplans_get_balance_requests_total{status="404",code="SIM_NOT_FOUND"}')).toBe(
      1,
    );
    expect(delta('mobileplans_get_balance_request_duration_seconds_count')).toBe(3);
    expect(after).toContain('mobileplans_get_balance_request_duration_seconds_bucket{le="0.005"}');
  });
});
