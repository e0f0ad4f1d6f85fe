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

// ADR 0027: the user retries from a new launch of the app, whose transactionId is new; its LPA error is taken up by
// the purchase that issued the ICCID, and the re-issued directive must be readable under the launch's id (the
// portal session the user is in), under the purchase's own, and linked both ways in the support history.
const TOKEN = 'reissue-support-token-0123456789';

interface View {
  transactionId: string;
  status: string;
  directive: { api: string; args: unknown[] } | null;
  profile: { iccid: string; activationCode: string | null } | null;
}
interface Link {
  transactionId: string;
  sequence: number;
}
interface History {
  transactionId: string;
  aliasOf: Link | null;
  aliases: Link[];
  events: { sequence: number; type: string; data: Record<string, unknown> }[];
}

describe('a directive re-issued after an LPA error from a new launch', () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;
  let support: RunningApp[];

  const supportGet = async <T>(path: string) => {
    const read = await getJson(`${support[0]!.url}${path}`, { token: TOKEN });
    return { status: read.status, body: read.body as T };
  };
  const purchaseUrl = (transactionId: string, waitMs = 0) =>
    `${system.gatewayUrl}/v1/purchases/${encodeURIComponent(transactionId)}?waitMs=${waitMs}`;
  const lpaError = (transactionId: string, iccid: string, code: string) => ({
    eventId: randomUUID(),
    type: 'LpaErrorReported',
    transactionId,
    occurredAt: new Date().toISOString(),
    iccid,
    codes: [code],
    timestamps: ['2026-01-01 10:00:00'],
  });
  async function purchase(transactionId: string): Promise<View> {
    const accepted = await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      portalEvents.inline(transactionId),
    );
    expect(accepted.status).toBe(202);
    const read = await getJson(purchaseUrl(transactionId, 10_000));
    expect(read.status).toBe(200);
    const view = read.body as unknown as View;
    expect(view.directive).not.toBeNull();
    return view;
  }
  const historyWhen = (transactionId: string, accept: (h: History) => boolean, what: string) =>
    waitFor(
      async () => {
        const read = await supportGet<History>(
          `/v1/support/transactions/${encodeURIComponent(transactionId)}/events`,
        );
        return read.status === 200 && accept(read.body) ? read.body : undefined;
      },
      { timeoutMs: 30_000, what },
    );

  beforeAll(async () => {
    system = await startPurchaseSystem({
      env: { SUPPORT_PORT: '0', SUPPORT_CREDENTIALS: `dave:${TOKEN}` },
    });
    responder = new SmdpResponder(system.kafka, system.names, { iccidPrefix: '4420' });
    await responder.start();
    support = await runApps([{ definition: supportApp, config: loadSupportConfig(system.env) }]);
  });

  afterAll(async () => {
    await stopApps(support ?? []);
    await responder?.stop();
    await system?.stop();
  });

  it('is read under the new launch and the purchase alike, the old code never under the launch, and support links the two both ways', async () => {
    const original = `reissue-${randomUUID()}`;
    const launch = `launch-${randomUUID()}`;
    const first = await purchase(original);
    const oldIccid = first.profile!.iccid;
    expect((await getJson(purchaseUrl(launch))).status).toBe(404);

    const reported = await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      lpaError(launch, oldIccid, 'ProfileNotAvailableForNewBinding'),
    );
    expect(reported.status).toBe(202);

    // The portal session of the new launch long-polls its own id: it wakes on the re-issued directive.
    const underLaunch = await waitFor(
      async () => {
        const read = await getJson(purchaseUrl(launch, 10_000));
        const view = read.body as unknown as View;
        return read.status === 200 && view.directive !== null ? view : undefined;
      },
      { timeoutMs: 30_000, what: 'the re-issued directive under the new launch' },
    );
    expect(underLaunch.profile!.iccid).not.toBe(oldIccid);
    expect(underLaunch.profile!.activationCode).not.toBe(first.profile!.activationCode);
    expect(underLaunch.directive!.args).toContain(underLaunch.profile!.activationCode);
    expect(underLaunch.directive).not.toEqual(first.directive);
    const underOriginal = (await getJson(purchaseUrl(original))).body as unknown as View;
    expect(underOriginal).toEqual(underLaunch);
    expect(underOriginal.transactionId).toBe(original);
    // The same access rule as the purchase itself: a portal backend's credential, or nothing.
    expect((await getJson(purchaseUrl(launch), {})).status).toBe(401);

    // Support: the purchase's LpaErrorReported step names the launch, and the launch's history is the purchase's.
    const ofOriginal = await historyWhen(
      original,
      (h) => h.aliases.length === 1,
      'the launch linked in the purchase history',
    );
    const step = ofOriginal.events.find((event) => event.type === 'LpaErrorReported')!;
    expect(step.data.launchTransactionId).toBe(launch);
    expect(ofOriginal.aliases).toEqual([{ transactionId: launch, sequence: step.sequence }]);
    expect(ofOriginal.aliasOf).toBeNull();
    const ofLaunch = await historyWhen(
      launch,
      (h) => h.events.length >= ofOriginal.events.length,
      'the launch history',
    );
    expect(ofLaunch.transactionId).toBe(original);
    expect(ofLaunch.aliasOf).toEqual({ transactionId: original, sequence: step.sequence });
    expect(ofLaunch.events.slice(0, ofOriginal.events.length)).toEqual(ofOriginal.events);
    const summary = await supportGet<{ transactionId: string; aliasOf: Link | null }>(
      `/v1/support/transactions/${encodeURIComponent(launch)}`,
    );
    expect(summary).toMatchObject({
      status: 200,
      body: { transactionId: original, aliasOf: { transactionId: original } },
    });
  });

  it("never takes over another purchase's own transactionId", async () => {
    const original = `reissue-${randomUUID()}`;
    const other = `other-${randomUUID()}`;
    const first = await purchase(original);
    const own = await purchase(other);

    // A report for this purchase's ICCID, sent under the other purchase's id.
    const reported = await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      lpaError(other, first.profile!.iccid, 'ProfileNotAvailableForNewBinding'),
    );
    expect(reported.status).toBe(202);
    await waitFor(
      async () => {
        const view = (await getJson(purchaseUrl(original))).body as unknown as View;
        return view.directive !== null && view.profile?.iccid !== first.profile!.iccid
          ? view
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the re-issue' },
    );
    await historyWhen(original, (h) => h.aliases.length === 1, 'the link');

    const read = await getJson(purchaseUrl(other));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      transactionId: other,
      directive: own.directive,
      profile: own.profile,
    });
    const history = await supportGet<History>(`/v1/support/transactions/${other}/events`);
    expect(history.body).toMatchObject({ transactionId: other, aliasOf: null });
  });

  it('shows no directive under the launch while the re-order is under way (the old code failed there), then the new one', async () => {
    const original = `reissue-${randomUUID()}`;
    const launch = `launch-${randomUUID()}`;
    const first = await purchase(original);
    // The SM-DP+ goes quiet: the re-order waits.
    await responder.stop();
    const reported = await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      lpaError(launch, first.profile!.iccid, 'ProfileNotAvailableForNewBinding'),
    );
    expect(reported.status).toBe(202);

    const pending = await waitFor(
      async () => {
        const read = await getJson(purchaseUrl(launch));
        return read.status === 200 ? (read.body as unknown as View) : undefined;
      },
      { timeoutMs: 30_000, what: 'the launch read as the purchase' },
    );
    expect(pending.transactionId).toBe(original);
    expect(pending.directive).toBeNull();
    // A short long-poll ends without a directive rather than with the old one.
    const polled = await getJson(purchaseUrl(launch, 300));
    expect(polled).toMatchObject({ status: 200, body: { directive: null } });

    responder = new SmdpResponder(system.kafka, system.names, { iccidPrefix: '4421' });
    await responder.start();
    const reissued = await waitFor(
      async () => {
        const read = await getJson(purchaseUrl(launch, 10_000));
        const view = read.body as unknown as View;
        return read.status === 200 && view.directive !== null ? view : undefined;
      },
      { timeoutMs: 30_000, what: 'the re-issued directive under the new launch' },
    );
    expect(reissued.profile!.iccid).not.toBe(first.profile!.iccid);
    expect(reissued.directive).not.toEqual(first.directive);
  });
});
