import { iccidOf } from '../support/balance-api/purchase-histories';
import {
  anyString,
  balances,
  cosaOnlySim,
  firstBalance,
  foreignSim,
  getBalanceSuite,
} from '../support/balance-api/get-balance-fixture';

// What a GetBalance request asks for, over real HTTPS with the development client certificates: the simId forms
// and which SIMs exist (D3, D4), location, limit, fieldsTemplate, unknown parameters and key spelling (D5–D9),
// and section 6's validation tests of mobile-plans.md. Certificates, the transaction id and error bodies:
// balance-api-protocol.int-spec.ts; the balances themselves: balance-api-balances.int-spec.ts.

const suite = getBalanceSuite(Date.parse('2030-03-01T00:00:00.000Z'));
const { get, credit, eventually, programSim } = suite;

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
