import fc from 'fast-check';
import {
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import { iccidOf } from '../support/balance-api/purchase-histories';

// Whatever Microsoft (or anyone holding its certificate) sends in the path, the query string and the headers, the
// answer is one of the documented statuses with a JSON body, never a 5xx.

const DOCUMENTED = new Set([200, 400, 401, 403, 404, 409, 429]);
let api: BalanceApiUnderTest;

beforeAll(async () => {
  api = await startBalanceApi(new ManualClock(Date.parse('2030-06-01T00:00:00.000Z')), {
    BALANCE_API_RATE_LIMIT_BURST: '1000000',
  });
});

afterAll(() => api?.stop());

const validSim = fc
  .integer({ min: 0, max: 9999 })
  .map((n) => iccidOf(`89882470000000${String(n).padStart(4, '0')}`));
const simId = fc.oneof(
  validSim,
  validSim.map((iccid) => `iccid:${iccid}`),
  validSim.map((iccid) => `iccid:%20${iccid}`),
  validSim.map((iccid) => `${iccid}F`),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
  fc.stringMatching(/^[0-9]{0,25}$/),
  fc.constantFrom('', '%', '%zz', '..', 'iccid:', 'iccid:%00', '%2F', 'a/b', '%E2%82'),
);
const paramValue = fc.oneof(
  fc.constantFrom(
    'basic',
    'FULL',
    'us',
    'XX',
    '1',
    '0',
    '-1',
    '2147483647',
    '2147483648',
    '',
    '1.5',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('fieldsTemplate', 'limit', 'location', 'foo', 'LIMIT', ''),
      paramValue,
    ),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&'),
  );
// Header values as Node's client lets them through (it refuses what HTTP forbids on the wire).
const headerValue = fc.string({ maxLength: 80 }).filter((value) => /^[\t\x20-\x7e]*$/.test(value));
const headers = fc.record(
  {
    'X-MS-DM-TransactionId': fc.oneof(
      headerValue,
      fc.uuid().map((id) => `MSFT-${id}`),
    ),
    Authorization: fc.oneof(
      headerValue,
      fc.string().map((text) => `Basic ${Buffer.from(text).toString('base64')}`),
    ),
    Accept: fc.constantFrom('application/json', '*/*', 'text/html'),
  },
  { requiredKeys: [] },
);
const identity = fc.constantFrom(
  'microsoft-client',
  'microsoft-client',
  'none',
  'rogue-client',
  'microsoft-client-expired' as const,
);

it('answers every request with a documented status and a JSON body, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      simId,
      query,
      headers,
      identity,
      fc.boolean(),
      async (sim, search, sent, who, trailingSlash) => {
        const path = `/v1/sims/${sim}/balances${trailingSlash ? '/' : ''}${search === '' ? '' : `?${search}`}`;
        const answer = await api.client.get(path, {
          identity: who,
          headers: Object.fromEntries(
            Object.entries(sent).filter(
              (entry): entry is [string, string] => entry[1] !== undefined,
            ),
          ),
        });

        expect({ path, status: answer.status, documented: DOCUMENTED.has(answer.status) }).toEqual({
          path,
          status: answer.status,
          documented: true,
        });
        expect(answer.headers['content-type']).toContain('application/json');
        expect(answer.json).toEqual(
          answer.status === 200
            ? { balances: expect.any(Array) as unknown }
            : {
                error: expect.objectContaining({ code: expect.any(String) as unknown }) as unknown,
              },
        );
      },
    ),
    { numRuns: 400 },
  );
});
