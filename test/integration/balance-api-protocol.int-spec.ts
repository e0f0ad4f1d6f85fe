import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MONITORING_ICCID } from '../support/balance-api/balance-app';
import type { ClientIdentity } from '../support/balance-api/balance-client';
import { repositoryRoot } from '../support/build-apps';
import { uniqueName } from '../support/test-environment';
import {
  DAY,
  anyString,
  balances,
  foreignSim,
  getBalanceSuite,
} from '../support/balance-api/get-balance-fixture';

// The exchange around a GetBalance request, over real HTTPS with the development client certificates: who may
// call (D1), X-MS-DM-TransactionId and its repeats (D10), the monitoring ICCID's exemption from them, and error
// bodies (D12). The path and query parameters: balance-api-parameters.int-spec.ts; the balances themselves:
// balance-api-balances.int-spec.ts.

const suite = getBalanceSuite(Date.parse('2030-03-01T00:00:00.000Z'));
const { clock, get, programSim } = suite;

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
    const url = new URL(suite.api.url);
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
