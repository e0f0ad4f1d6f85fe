import { randomUUID } from 'node:crypto';
import { loadSupportConfig } from '@mp/config';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { supportApp } from '../../apps/support/src/support.app';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const TOKEN = 'deadlines-support-token-0123456789';

// ADR 0014 through the running orchestrator: durable deadline timers fire for real (the confirmation timeout is one
// second here), the purchase becomes visible as unconfirmed or connectivityOverdue, operations hear of it (a metric
// and the support view), and late words still complete it.
describe('purchases that hear nothing in time', () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;
  let support: RunningApp[];

  beforeAll(async () => {
    system = await startPurchaseSystem({ env: { PURCHASE_CONFIRMATION_TIMEOUT_SECONDS: '1' } });
    // The SM-DP+ answers its calls but never notifies; the network never answers.
    responder = new SmdpResponder(system.kafka, system.names, {
      iccidPrefix: '4417',
      provisionConnectivity: false,
    });
    await responder.start();
    const env = { ...system.env, SUPPORT_PORT: '0', SUPPORT_CREDENTIALS: `dana:${TOKEN}` };
    support = await runApps([{ definition: supportApp, config: loadSupportConfig(env) }]);
  });

  afterAll(async () => {
    await stopApps(support ?? []);
    await responder?.stop();
    await system?.stop();
  });

  const alerts = async (kind: string): Promise<number> => {
    const text = await (await fetch(`${system.running[1]!.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((row) => row.startsWith(`mobileplans_orchestrator_alerts_total{alert="${kind}"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };
  const supportGet = async (path: string) => {
    const response = await fetch(`${support[0]!.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const statusOf = (transactionId: string, wanted: string) =>
    waitFor(
      async () => {
        const view = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}`);
        return view.body.status === wanted ? view.body : undefined;
      },
      { timeoutMs: 20_000, what: `${transactionId} ${wanted}` },
    );

  it('an inline purchase nobody reports on becomes unconfirmed and alerted; the late notification completes it', async () => {
    const before = await alerts('purchaseUnconfirmed');
    const transactionId = `unconfirmed-${randomUUID()}`;
    expect(
      (await postJson(`${system.gatewayUrl}/v1/portal-events`, portalEvents.inline(transactionId)))
        .status,
    ).toBe(202);

    const view = await statusOf(transactionId, 'unconfirmed');
    const { iccid } = view.profile as { iccid: string };
    expect(await alerts('purchaseUnconfirmed')).toBe(before + 1);
    const found = await waitFor(
      async () => {
        const search = await supportGet('/v1/support/transactions?state=unconfirmed');
        const ids = (search.purchases as { transactionId: string }[]).map((p) => p.transactionId);
        return ids.includes(transactionId) ? ids : undefined;
      },
      { timeoutMs: 20_000, what: 'the purchase among the unconfirmed in the support index' },
    );
    expect(found).toContain(transactionId);
    const replay = await supportGet(`/v1/support/transactions/${transactionId}/replay`);
    const emitted = (replay.steps as { emitted: { alerts: { code: string }[] } }[]).flatMap(
      (step) => step.emitted.alerts.map((alert) => alert.code),
    );
    expect(emitted).toEqual(['PURCHASE_UNCONFIRMED']);

    await responder.reportInstalled(iccid);
    await statusOf(transactionId, 'completed');
  });

  it('an asynchronous purchase whose network misses its deadline is alerted, overdue once installed, completed when provisioned', async () => {
    const before = await alerts('connectivityOverdue');
    const transactionId = `overdue-${randomUUID()}`;
    // Interval 0: the network is due at once.
    const event = portalEvents.asyncConnectivity(transactionId, {
      networkRegistrationIntervalMinutes: 0,
    });
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, event)).status).toBe(202);

    await waitFor(
      async () => ((await alerts('connectivityOverdue')) === before + 1 ? true : undefined),
      { timeoutMs: 20_000, what: 'the connectivity alert' },
    );
    const view = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}?waitMs=10000`);
    const { iccid } = view.body.profile as { iccid: string };

    await responder.reportInstalled(iccid);
    await statusOf(transactionId, 'connectivityOverdue');
    await responder.reportProvisioned(transactionId, iccid);
    await statusOf(transactionId, 'completed');
  });
});
