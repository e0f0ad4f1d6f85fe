import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka } from 'kafkajs';
import { kafkaNames } from '@mp/event-log';
import {
  MONITORING_ICCID,
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import type { Answer, ClientIdentity } from '../support/balance-api/balance-client';
import { HistoryBuilder, iccidOf, type PlanSpec } from '../support/balance-api/purchase-histories';
import { repositoryRoot } from '../support/build-apps';
import { uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// GetBalance over real HTTPS with the development client certificates: decisions D1–D17 and the validation tests
// of mobile-plans.md section 6. Purchases are realistic histories from the purchase machine's own `decide`.

const anyString: unknown = expect.any(String);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.parse('2030-03-01T00:00:00.000Z'));
let api: BalanceApiUnderTest;
let simCounter = 0;

/** A fresh SIM inside the test program range (8988247 0…). */
const programSim = () => iccidOf(`89882470000000${String((simCounter += 1)).padStart(4, '0')}`);
/** In COSA (8988247…) but outside the program (8988247 0…). */
const cosaOnlySim = iccidOf('898824710000000042');
/** Well-formed, but no COSA range holds it. */
const foreignSim = iccidOf('898825000000000042');
const US_30D: PlanSpec = { dataMB: 1024, validity: 'P30D', locations: ['US'] };

const get = (path: string, headers: Record<string, string> = {}, identity?: ClientIdentity) =>
  api.client.get(path, { headers, ...(identity ? { identity } : {}) });
const balances = (answer: Answer) =>
  (answer.json as { balances: Array<Record<string, unknown>> }).balances;

async function credit(
  iccid: string,
  plan: PlanSpec = US_30D,
  atMs = clock.nowMs - HOUR,
): Promise<void> {
  await api.writer.purchaseEvents(
    new HistoryBuilder(uniqueName('tx'), atMs).balanceAddition(iccid, plan).events,
  );
}

/** Polls GetBalance until `accept` holds (the projector is asynchronous). */
function eventually(
  path: string,
  accept: (answer: Answer) => boolean,
  what = path,
): Promise<Answer> {
  return waitFor(
    async () => {
      const answer = await get(path);
      return accept(answer) ? answer : undefined;
    },
    { timeoutMs: 20_000, what },
  );
}

const firstBalance = (answer: Answer) => balances(answer)[0] ?? {};

beforeAll(async () => {
  api = await startBalanceApi(clock, {
    BALANCE_API_RATE_LIMIT_PER_SECOND: '1000',
    BALANCE_API_RATE_LIMIT_BURST: '1000000',
  });
});

afterAll(() => api?.stop());

describe('D1: client certificates', () => {
  const path = () => `/v1/sims/${programSim()}/balances`;

  it.each<[ClientIdentity, number, string]>([
    ['none', 401, 'CLIENT_CERTIFICATE_REQUIRED'],
    ['microsoft-client-expired', 401, 'CLIENT_CERTIFICATE_EXPIRED'],
    ['rogue-client', 403, 'CLIENT_CERTIFICATE_UNTRUSTED'],
    ['microsoft-client-wrong-subject', 403, 'CLIENT_CERTIFICATE_SUBJECT'],
  ])('%s → %i with a JSON body, the transaction id echoed', async (identity, status, code) => {
    const answer = await get(path(), { 'X-MS-DM-TransactionId': `MSFT-${identity}` }, identity);

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toContain('application/json');
    expect(answer.json).toEqual({ error: { code, message: anyString } });
    expect(answer.headers['x-ms-dm-transactionid']).toBe(`MSFT-${identity}`);
  });

  it("Microsoft's certificate → 200", async () => {
    expect((await get(path())).status).toBe(200);
  });
});

describe('D3: simId forms', () => {
  it('iccid:<ICCID>, iccid:%20<ICCID>, the bare ICCID and a trailing F are the same SIM', async () => {
    const iccid = programSim();
    await credit(iccid);
    const expected = await eventually(
      `/v1/sims/iccid:${iccid}/balances`,
      (a) => firstBalance(a).type === 'MODIRECTPAYG',
    );

    for (const form of [`iccid:%20${iccid}`, iccid, `${iccid}F`, `iccid:${iccid}f`]) {
      const answer = await get(`/v1/sims/${form}/balances`);
      expect({ form, status: answer.status, json: answer.json }).toEqual({
        form,
        status: 200,
        json: expected.json,
      });
    }
  });
});

describe('D4: which SIMs exist (and section 6: invalid SIM → 404)', () => {
  it.each([
    ['a failed Luhn check', '8988247000000000010'],
    ['18 digits', '898824700000000001'],
    ['21 digits', '898824700000000000017'],
    ['not 89', '1988247000000000019'],
    ['letters', 'iccid:89882470000000000AB'],
    ['an empty prefix', 'iccid:'],
    ['another prefix', `imsi:${iccidOf('898824700000000777')}`],
  ])('%s → 404', async (_what, simId) => {
    const answer = await get(`/v1/sims/${simId}/balances`);

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: { code: 'SIM_NOT_FOUND', message: 'No such SIM.' } });
  });

  it('a well-formed ICCID outside every COSA range → 404', async () => {
    expect((await get(`/v1/sims/${foreignSim}/balances`)).status).toBe(404);
  });

  it('in COSA, outside the program → 200 NOTSUPPORTED, 0, PT0S (also with a location and the full view)', async () => {
    const basic = await get(`/v1/sims/iccid:${cosaOnlySim}/balances`);
    const full = await get(
      `/v1/sims/iccid:${cosaOnlySim}/balances?fieldsTemplate=full&location=us`,
    );

    expect(basic.status).toBe(200);
    expect(balances(basic)).toEqual([
      { id: anyString, type: 'NOTSUPPORTED', dataRemainingInMB: 0, timeRemaining: 'PT0S' },
    ]);
    expect(balances(full)).toEqual([
      {
        id: anyString,
        type: 'NOTSUPPORTED',
        dataRemainingInMB: 0,
        timeRemaining: 'PT0S',
        locations: ['US'],
        'ms-provisioningDataSet': [],
      },
    ]);
  });

  it('in the program with no balance record → 200 NONE, 0, PT0S (a warm SIM)', async () => {
    const answer = await get(`/v1/sims/${programSim()}/balances`);

    expect(answer.status).toBe(200);
    expect(balances(answer)).toEqual([
      { id: anyString, type: 'NONE', dataRemainingInMB: 0, timeRemaining: 'PT0S' },
    ]);
  });
});

describe('D5: location', () => {
  let iccid: string;
  beforeAll(async () => {
    iccid = programSim();
    await credit(iccid, { dataMB: 500, validity: 'P30D', locations: ['US'] });
    await credit(iccid, { dataMB: 300, validity: 'P10D', locations: ['CA'] });
    await eventually(`/v1/sims/${iccid}/balances`, (a) => balances(a).length === 2);
  });

  it('any letter case of an assigned code, normalised to upper case', async () => {
    for (const location of ['us', 'US', 'uS']) {
      const answer = await get(
        `/v1/sims/${iccid}/balances?location=${location}&fieldsTemplate=full`,
      );
      expect(balances(answer)).toEqual([
        expect.objectContaining({ dataRemainingInMB: 500, locations: ['US'] }),
      ]);
    }
  });

  it('empty or absent → every active balance', async () => {
    for (const query of ['', '?location=']) {
      const answer = await get(`/v1/sims/${iccid}/balances${query}`);
      expect(balances(answer).map((balance) => balance.dataRemainingInMB)).toEqual([300, 500]);
    }
  });

  it('a valid location with no balance there → 200 NONE (never 404)', async () => {
    const answer = await get(`/v1/sims/${iccid}/balances?location=FR&fieldsTemplate=full`);

    expect(answer.status).toBe(200);
    expect(balances(answer)).toEqual([
      expect.objectContaining({
        type: 'NONE',
        dataRemainingInMB: 0,
        timeRemaining: 'PT0S',
        locations: ['FR'],
      }),
    ]);
  });

  it.each(['XX', 'ZZ', 'UK', '12', 'U1', 'USA', 'U', '%20US', 'U%00'])(
    '%s → 400 naming location',
    async (location) => {
      const answer = await get(`/v1/sims/${iccid}/balances?location=${location}`);

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        error: {
          code: 'INVALID_PARAMETER',
          message: expect.stringContaining('location') as unknown,
          parameter: 'location',
        },
      });
    },
  );
});

describe('D6: limit (section 6: negative or above INT max → 400, a valid integer → 200)', () => {
  let iccid: string;
  beforeAll(async () => {
    iccid = programSim();
    await credit(iccid, { dataMB: 100, validity: 'P5D', locations: ['US'] });
    await credit(iccid, { dataMB: 200, validity: 'P6D', locations: ['DE'] });
    await eventually(`/v1/sims/${iccid}/balances`, (a) => balances(a).length === 2);
  });

  it.each(['0', '-1', '2147483648', '99999999999', 'abc', '1.5', '1e3', '+1', '', ' 1', '0x10'])(
    'limit=%s → 400 naming limit',
    async (limit) => {
      const answer = await get(`/v1/sims/${iccid}/balances?limit=${encodeURIComponent(limit)}`);

      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { parameter: 'limit' } });
    },
  );

  it('limit=1 → at most one balance; 2147483647 and absent → all', async () => {
    expect(balances(await get(`/v1/sims/${iccid}/balances?limit=1`))).toHaveLength(1);
    expect(balances(await get(`/v1/sims/${iccid}/balances?limit=2147483647`))).toHaveLength(2);
    expect(balances(await get(`/v1/sims/${iccid}/balances`))).toHaveLength(2);
  });

  it('a repeated parameter → 400 naming it', async () => {
    const answer = await get(`/v1/sims/${iccid}/balances?limit=1&limit=2`);

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { parameter: 'limit' } });
  });
});

describe('D7, D8, D9: views, unknown parameters, key spelling', () => {
  let iccid: string;
  beforeAll(async () => {
    iccid = programSim();
    await credit(iccid, { dataMB: 2048.5, validity: 'P30D', locations: ['US', 'ca'] });
    await eventually(`/v1/sims/${iccid}/balances`, (a) => firstBalance(a).type === 'MODIRECTPAYG');
  });

  it('absent, basic or Basic → id, type, dataRemainingInMB, timeRemaining only', async () => {
    for (const query of [
      '',
      '?fieldsTemplate=basic',
      '?fieldsTemplate=Basic',
      '?fieldsTemplate=BASIC',
    ]) {
      const answer = await get(`/v1/sims/${iccid}/balances${query}`);
      expect(Object.keys(firstBalance(answer)).sort()).toEqual([
        'dataRemainingInMB',
        'id',
        'timeRemaining',
        'type',
      ]);
    }
  });

  it('full or Full adds locations and ms-provisioningDataSet', async () => {
    for (const query of ['?fieldsTemplate=full', '?fieldsTemplate=Full']) {
      const answer = await get(`/v1/sims/${iccid}/balances${query}`);
      expect(firstBalance(answer)).toEqual({
        id: anyString,
        type: 'MODIRECTPAYG',
        dataRemainingInMB: 2048.5,
        timeRemaining: 'P29DT23H',
        locations: ['CA', 'US'],
        'ms-provisioningDataSet': [],
      });
    }
  });

  it.each(['fancy', '', 'basic,full', 'ful'])(
    'fieldsTemplate=%s → 400 naming fieldsTemplate',
    async (value) => {
      const answer = await get(`/v1/sims/${iccid}/balances?fieldsTemplate=${value}`);

      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { parameter: 'fieldsTemplate' } });
    },
  );

  it('ignores unknown query parameters', async () => {
    const answer = await get(`/v1/sims/${iccid}/balances?imei=001102000315468&foo=bar&LIMIT=x`);

    expect(answer.status).toBe(200);
  });

  it('spells the key dataRemainingInMB', async () => {
    const answer = await get(`/v1/sims/${iccid}/balances`);

    expect(answer.text).toContain('"dataRemainingInMB":2048.5');
    expect(answer.text).not.toContain('dataRemaininginMB');
  });
});

describe('section 6: combinations of parameters → 400 for any bad value, otherwise 200', () => {
  const good = { location: ['', 'US', 'us'], limit: ['1', '5'], fieldsTemplate: ['basic', 'FULL'] };
  const bad = { location: 'XX', limit: '-1', fieldsTemplate: 'x' };

  it('every combination of absent and valid parameters → 200', async () => {
    const iccid = programSim();
    for (const location of [undefined, ...good.location])
      for (const limit of [undefined, ...good.limit])
        for (const fieldsTemplate of [undefined, ...good.fieldsTemplate]) {
          const query = new URLSearchParams(
            Object.entries({ location, limit, fieldsTemplate }).filter(
              (entry): entry is [string, string] => entry[1] !== undefined,
            ),
          );
          const answer = await get(`/v1/sims/${iccid}/balances?${query.toString()}`);
          expect({ query: query.toString(), status: answer.status }).toEqual({
            query: query.toString(),
            status: 200,
          });
        }
  });

  it('one bad value among valid ones → 400 naming it', async () => {
    const iccid = programSim();
    for (const [name, value] of Object.entries(bad)) {
      const query = new URLSearchParams({
        location: 'US',
        limit: '1',
        fieldsTemplate: 'full',
        [name]: value,
      });
      const answer = await get(`/v1/sims/${iccid}/balances?${query.toString()}`);
      expect({
        name,
        status: answer.status,
        parameter: (answer.json as { error: { parameter: string } }).error.parameter,
      }).toEqual({
        name,
        status: 400,
        parameter: name,
      });
    }
  });
});

describe('D10: X-MS-DM-TransactionId', () => {
  it('is echoed on success and on errors', async () => {
    const ok = await get(`/v1/sims/${programSim()}/balances`, {
      'X-MS-DM-TransactionId': 'MSFT-echo-1',
    });
    const notFound = await get(`/v1/sims/${foreignSim}/balances`, {
      'X-MS-DM-TransactionId': 'MSFT-echo-2',
    });
    const badLimit = await get(`/v1/sims/${programSim()}/balances?limit=0`, {
      'X-MS-DM-TransactionId': 'MSFT-echo-3',
    });

    expect(
      [ok, notFound, badLimit].map((answer) => [
        answer.status,
        answer.headers['x-ms-dm-transactionid'],
      ]),
    ).toEqual([
      [200, 'MSFT-echo-1'],
      [404, 'MSFT-echo-2'],
      [400, 'MSFT-echo-3'],
    ]);
  });

  it('absent → the service makes one and returns it', async () => {
    const answer = await get(`/v1/sims/${programSim()}/balances`);

    expect(answer.status).toBe(200);
    expect(answer.headers['x-ms-dm-transactionid']).toMatch(/^MO-[0-9a-f-]{36}$/);
  });

  it.each([
    ['empty', ''],
    ['longer than 64 characters', 'M'.repeat(65)],
    ['with a control character', 'MSFT\tTAB'],
  ])('%s → 400 naming the header', async (_what, value) => {
    const answer = await get(`/v1/sims/${programSim()}/balances`, {
      'X-MS-DM-TransactionId': value,
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { code: 'INVALID_HEADER', parameter: 'X-MS-DM-TransactionId' },
    });
  });

  it('64 characters are fine', async () => {
    expect(
      (
        await get(`/v1/sims/${programSim()}/balances`, {
          'X-MS-DM-TransactionId': uniqueName('M').padEnd(64, 'x'),
        })
      ).status,
    ).toBe(200);
  });

  it('a control character sent raw on the wire → 400', async () => {
    const url = new URL(api.url);
    const certs = resolve(repositoryRoot, '.local/certs');
    const raw = await new Promise<string>((done, fail) => {
      const socket = connect({
        host: url.hostname,
        port: Number(url.port),
        ca: readFileSync(resolve(certs, 'operator-ca.crt')),
        cert: readFileSync(resolve(certs, 'microsoft-client.crt')),
        key: readFileSync(resolve(certs, 'microsoft-client.key')),
        servername: 'localhost',
      });
      let text = '';
      socket.on('secureConnect', () =>
        socket.write(
          `GET /v1/sims/${programSim()}/balances HTTP/1.1\r\nHost: localhost\r\nX-MS-DM-TransactionId: MSFT\u0001X\r\nConnection: close\r\n\r\n`,
        ),
      );
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => done(text));
      socket.on('error', fail);
    });

    expect(raw).toMatch(/^HTTP\/1\.1 400/);
  });

  it('the same value again within the window → 409; distinct values never conflict', async () => {
    const id = uniqueName('MSFT');
    const first = await get(`/v1/sims/${programSim()}/balances`, { 'X-MS-DM-TransactionId': id });
    const again = await get(`/v1/sims/${programSim()}/balances`, { 'X-MS-DM-TransactionId': id });
    const other = await get(`/v1/sims/${programSim()}/balances`, {
      'X-MS-DM-TransactionId': `${id}-2`,
    });

    expect([first.status, again.status, other.status]).toEqual([200, 409, 200]);
    expect(again.json).toMatchObject({ error: { code: 'TRANSACTION_ID_REPEATED' } });
    expect(again.headers['x-ms-dm-transactionid']).toBe(id);
  });

  it('an id first seen on a 404 answer counts too; after the 24 h window it is accepted again', async () => {
    const id = uniqueName('MSFT');
    expect(
      (await get(`/v1/sims/${foreignSim}/balances`, { 'X-MS-DM-TransactionId': id })).status,
    ).toBe(404);
    expect(
      (await get(`/v1/sims/${programSim()}/balances`, { 'X-MS-DM-TransactionId': id })).status,
    ).toBe(409);

    clock.advance(DAY + 1000);

    expect(
      (await get(`/v1/sims/${programSim()}/balances`, { 'X-MS-DM-TransactionId': id })).status,
    ).toBe(200);
  });
});

describe('the monitoring ICCID', () => {
  it('answers 200 though no range holds it, and a repeated transaction id does not fail it', async () => {
    const headers = { 'X-MS-DM-TransactionId': 'MSFT-monitor' };
    const first = await get(
      `/v1/sims/iccid:${MONITORING_ICCID}/balances?fieldsTemplate=basic`,
      headers,
    );
    const again = await get(
      `/v1/sims/iccid:${MONITORING_ICCID}/balances?fieldsTemplate=basic`,
      headers,
    );

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(balances(first)).toEqual([expect.objectContaining({ type: 'NONE' })]);
  });
});

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
    await api.writer.purchaseEvents(
      new HistoryBuilder(uniqueName('tx'), start).completedInline(installed, US_30D).events,
    );
    await api.writer.purchaseEvents(
      new HistoryBuilder(uniqueName('tx'), start)
        .inlinePurchase(US_30D)
        .reserved(awaiting)
        .confirmed().events,
    );
    await api.writer.purchaseEvents(
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

    await api.writer.usage(first);
    await api.writer.usage(first);
    await api.writer.raw(
      'usage',
      iccid,
      JSON.stringify({ ...first, eventId: uniqueName('bad'), usedMB: -5 }),
    );
    await api.writer.raw('usage', iccid, 'not json');
    await api.writer.usage({ ...first, eventId: uniqueName('use'), usedMB: 23.75 });

    await api.caughtUp();
    const lowered = await get(`/v1/sims/${iccid}/balances`);
    expect(firstBalance(lowered).dataRemainingInMB).toBe(900);
    await expectRejected(iccid, ['INVALID_USAGE_EVENT', 'NOT_JSON']);

    await api.writer.usage({ ...first, eventId: uniqueName('use'), usedMB: 5000 });
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

    await api.writer.usage({
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
    await api.writer.raw('purchaseEvents', transactionId, '{"partition":1}', {
      'mp-record-kind': 'partition-claimed',
    });
    await api.writer.raw(
      'purchaseEvents',
      transactionId,
      JSON.stringify({ type: 'PurchaseAccepted', data: {} }),
      { 'mp-record-kind': 'event' },
    );
    await api.writer.purchaseEvents(
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
    await api.writer.purchaseEvents(events);
    await api.writer.purchaseEvents(events);
    await credit(iccid, { ...US_30D, dataMB: 1 }, clock.nowMs + 1);

    await api.caughtUp();
    const answer = await get(`/v1/sims/${iccid}/balances`);
    expect(firstBalance(answer).dataRemainingInMB).toBe(1025);
  });
});

describe('D12: error bodies', () => {
  it('unknown routes under the API answer JSON 404s', async () => {
    const answer = await get('/v1/sims/8988247000000000019/balance');

    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never name the ICCID in error bodies', async () => {
    const answer = await get(`/v1/sims/${foreignSim}/balances`);

    expect(answer.text).not.toContain(foreignSim);
  });
});

/** Waits for rejected records of this key with these codes on the namespace's rejected-records topic. */
async function expectRejected(key: string, codes: readonly string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'balance-tests',
    brokers: [...(api.config.kafka?.brokers ?? [])],
  });
  const consumer = kafka.consumer({ groupId: uniqueName('rejected-reader') });
  const seen: Array<{ code: string; reason: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({
      topic: kafkaNames(api.config.kafka?.namespace ?? '').topics.rejectedRecords,
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
