import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '../support/build-apps';
import { edgeFetch } from '../support/edge-client';
import { startWholeSystem, type WholeSystem } from '../support/whole-system';
import { waitFor } from '../support/wait-for';

// README "Try it": the requests a newcomer sends, one per flow (docs/try-it/*.json), sent as the README sends them
// (the portal client token, then the purchase view with waitMs), against the whole system as `npm start` runs it.

jest.setTimeout(180_000);

interface View {
  readonly status: string;
  readonly directive: unknown;
  readonly profile: { readonly iccid: string } | null;
}

const readme = readFileSync(resolve(repositoryRoot, 'README.md'), 'utf8');
const tryIt = (name: string) =>
  readFileSync(resolve(repositoryRoot, 'docs/try-it', `${name}.json`), 'utf8');

let system: WholeSystem;

beforeAll(async () => {
  system = await startWholeSystem();
});

afterAll(async () => {
  await system?.stop();
});

async function send(body: string): Promise<number> {
  const response = await edgeFetch(`${system.url('portal-gateway')}/v1/portal-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.text();
  return response.status;
}

function view(transactionId: string, until: (view: View) => boolean, what: string): Promise<View> {
  return waitFor(
    async () => {
      const response = await edgeFetch(
        `${system.url('portal-gateway')}/v1/purchases/${transactionId}?waitMs=10000`,
      );
      const body = (await response.json()) as View;
      return response.status === 200 && until(body) ? body : undefined;
    },
    { timeoutMs: 60_000, what },
  );
}

it('names each request file in the README', () => {
  for (const name of [
    'inline',
    'async-connectivity',
    'delayed-profile',
    'balance-addition',
    'cancelled',
  ])
    expect(readme).toContain(`docs/try-it/${name}.json`);
});

it('gives each flow its directive, adds a balance to the inline SIM and records the cancellation', async () => {
  const withDirective = (view: View) => view.directive !== null;
  for (const [name, transactionId] of [
    ['inline', 'try-inline'],
    ['async-connectivity', 'try-async'],
    ['delayed-profile', 'try-delayed'],
  ] as const) {
    expect({ name, status: await send(tryIt(name)) }).toEqual({ name, status: 202 });
    await view(transactionId, withDirective, `the directive of ${transactionId}`);
  }
  // Sending the same file again is answered the same.
  expect(await send(tryIt('inline'))).toBe(202);

  const inline = await view('try-inline', (view) => view.profile !== null, 'the inline SIM');
  const iccid = inline.profile!.iccid;
  expect(await send(tryIt('balance-addition').replace('ICCID', iccid))).toBe(202);
  await view('try-addition', withDirective, 'the directive of the balance addition');

  expect(await send(tryIt('cancelled'))).toBe(202);
  await view('try-cancelled', (view) => view.status === 'cancelled', 'the cancelled purchase');

  const balances = await waitFor(
    async () => {
      const response = await edgeFetch(
        `${system.url('balance-api', 'get-balance')}/v1/sims/iccid:${iccid}/balances`,
      );
      const body = (await response.json()) as { balances: { dataRemainingInMB: number }[] };
      return response.status === 200 && body.balances.some((b) => b.dataRemainingInMB > 0)
        ? body
        : undefined;
    },
    { timeoutMs: 60_000, what: "the SIM's balances in GetBalance" },
  );
  expect(balances.balances.length).toBeGreaterThan(0);
});
