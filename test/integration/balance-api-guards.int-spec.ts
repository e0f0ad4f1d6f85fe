import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@mp/platform';
import {
  ManualClock,
  startBalanceApi,
  type BalanceApiUnderTest,
} from '../support/balance-api/balance-app';
import { iccidOf } from '../support/balance-api/purchase-histories';
import { repositoryRoot } from '../support/build-apps';

// D2 (Basic auth when configured), D11 (429 with Retry-After), D12's 500, and the OpenAPI document, on an instance
// configured for them: Basic auth on, one request per second with a burst of two.

const clock = new ManualClock(Date.parse('2030-04-01T00:00:00.000Z'));
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const GOOD = basic('microsoft', 's3cret-pass');
let api: BalanceApiUnderTest;
let n = 0;
const sim = () => iccidOf(`89882470000009${String((n += 1)).padStart(4, '0')}`);

beforeAll(async () => {
  api = await startBalanceApi(clock, {
    BALANCE_API_BASIC_AUTH_USER: 'microsoft',
    BALANCE_API_BASIC_AUTH_PASSWORD: 's3cret-pass',
    BALANCE_API_RATE_LIMIT_PER_SECOND: '1',
    BALANCE_API_RATE_LIMIT_BURST: '2',
  });
});

afterAll(() => api?.stop());

describe('D2: Basic auth, when configured', () => {
  it.each([
    ['missing', undefined],
    ['a wrong password', basic('microsoft', 'wrong')],
    ['a wrong user', basic('someone', 's3cret-pass')],
    ['another scheme', 'Bearer s3cret-pass'],
    ['garbage', 'Basic !!!'],
  ])('%s → 401 with a JSON body', async (_what, authorization) => {
    clock.advance(10_000);
    const answer = await api.client.get(`/v1/sims/${sim()}/balances`, {
      headers: authorization === undefined ? {} : { Authorization: authorization },
    });

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      error: { code: 'BASIC_AUTH_INVALID', message: 'Basic authentication failed.' },
    });
  });

  it('the right credentials → 200', async () => {
    clock.advance(10_000);
    expect(
      (await api.client.get(`/v1/sims/${sim()}/balances`, { headers: { Authorization: GOOD } }))
        .status,
    ).toBe(200);
  });

  it('is checked after the certificate: no certificate → 401 for the certificate, untrusted → 403', async () => {
    clock.advance(10_000);
    const none = await api.client.get(`/v1/sims/${sim()}/balances`, {
      identity: 'none',
      headers: { Authorization: GOOD },
    });
    const rogue = await api.client.get(`/v1/sims/${sim()}/balances`, {
      identity: 'rogue-client',
      headers: { Authorization: GOOD },
    });

    expect([none.status, none.json]).toEqual([
      401,
      expect.objectContaining({
        error: expect.objectContaining({ code: 'CLIENT_CERTIFICATE_REQUIRED' }) as unknown,
      }),
    ]);
    expect(rogue.status).toBe(403);
  });
});

describe('D11: rate limit per client', () => {
  it('over the burst → 429 with Retry-After in whole seconds; allowed again once tokens refill', async () => {
    clock.advance(10_000);
    const statuses: number[] = [];
    let limited;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await api.client.get(`/v1/sims/${sim()}/balances`, {
        headers: { Authorization: GOOD, 'X-MS-DM-TransactionId': `MSFT-rate-${attempt}` },
      });
      statuses.push(answer.status);
      limited = answer;
    }

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited?.headers['retry-after']).toBe('1');
    expect(limited?.headers['x-ms-dm-transactionid']).toBe('MSFT-rate-2');
    expect(limited?.json).toEqual({
      error: { code: 'TOO_MANY_REQUESTS', message: expect.any(String) as unknown },
    });

    clock.advance(1000);
    expect(
      (await api.client.get(`/v1/sims/${sim()}/balances`, { headers: { Authorization: GOOD } }))
        .status,
    ).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('is served at /openapi.json and equals the committed docs/openapi/balance-api.json', async () => {
    const served = await api.client.get('/openapi.json');
    const committed: unknown = JSON.parse(
      readFileSync(resolve(repositoryRoot, 'docs/openapi/balance-api.json'), 'utf8'),
    );

    expect(served.status).toBe(200);
    expect(served.json).toEqual(committed);
  });
});

describe('D12: 500', () => {
  it('a failing balance store → 500 with a JSON cause and no internals', async () => {
    clock.advance(10_000);
    api.logs.expectError(/^balance read failed$/);
    await api.running.app.get<symbol, DataSource>(DATA_SOURCE).destroy();

    const answer = await api.client.get(`/v1/sims/${sim()}/balances`, {
      headers: { Authorization: GOOD, 'X-MS-DM-TransactionId': 'MSFT-500' },
    });

    expect(answer.status).toBe(500);
    expect(answer.headers['x-ms-dm-transactionid']).toBe('MSFT-500');
    expect(answer.json).toEqual({
      error: {
        code: 'BALANCE_STORE_UNAVAILABLE',
        message: 'The balance store is unavailable; try again later.',
      },
    });
    // The cause is in the operator's log, not in the answer.
    expect(api.logs.errors(/^balance read failed$/)).toEqual([
      expect.objectContaining({
        err: expect.objectContaining({ message: 'Driver not Connected' }) as unknown,
      }),
    ]);
  });
});
