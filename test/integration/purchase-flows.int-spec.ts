import { randomUUID } from 'node:crypto';
import { appReportListeners, renderDirectiveScript, type PurchaseMetadata } from '@mp/contracts';
import { luhnCheckDigit } from '@mp/sim';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';

jest.setTimeout(90_000);

const metadata: PurchaseMetadata = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'Complete',
  planName: '2GB Monthly',
};

describe('the five flows through the portal gateway and the orchestrator', () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;

  beforeAll(async () => {
    system = await startPurchaseSystem();
    responder = new SmdpResponder(system.kafka, system.names, { iccidPrefix: '4401' });
    await responder.start();
  });

  afterAll(async () => {
    await responder?.stop();
    await system?.stop();
  });

  const purchase = async (event: Record<string, unknown>) => {
    const accepted = await postJson(`${system.gatewayUrl}/v1/portal-events`, event);
    expect(accepted).toEqual({
      status: 202,
      body: { eventId: event.eventId, transactionId: event.transactionId },
    });
    const read = await getJson(
      `${system.gatewayUrl}/v1/purchases/${String(event.transactionId)}?waitMs=10000`,
    );
    expect(read.status).toBe(200);
    return read.body;
  };

  it('inline: the directive carries the activation code from ConfirmOrder', async () => {
    const transactionId = `inline-${randomUUID()}`;
    const view = await purchase(portalEvents.inline(transactionId));

    const profile = view.profile as { iccid: string; matchingId: string; activationCode: string };
    const code = `1$smdp.test.example$${profile.matchingId}`;
    expect(view).toMatchObject({ transactionId, flow: 'inline', status: 'awaitingDownload' });
    expect(profile.activationCode).toBe(code);
    // Key order too: the arguments are exactly what the script shows.
    expect(JSON.stringify((view.directive as { args: unknown[] }).args[0])).toBe(
      JSON.stringify(metadata),
    );
    const api = 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload';
    expect(view.directive).toEqual({
      api,
      args: [metadata, code],
      script: renderDirectiveScript(api, [metadata, code], appReportListeners),
      listeners: appReportListeners,
    });
  });

  it('asyncConnectivity: the directive names the registration interval', async () => {
    const transactionId = `async-${randomUUID()}`;
    const view = await purchase(
      portalEvents.asyncConnectivity(transactionId, { networkRegistrationIntervalMinutes: 15 }),
    );

    const { activationCode } = view.profile as { activationCode: string };
    expect(view.flow).toBe('asyncConnectivity');
    expect(view.directive).toMatchObject({
      api: 'MobilePlans.notifyPurchaseWithProfileDownload',
      args: [metadata, activationCode, 15],
    });
  });

  it('delayedProfile: the directive names the delay and the release waits for its timer', async () => {
    const transactionId = `delayed-${randomUUID()}`;
    const view = await purchase(
      portalEvents.delayedProfile(transactionId, { downloadDelayMinutes: 60 }),
    );

    expect(view).toMatchObject({ flow: 'delayedProfile', status: 'awaitingRelease' });
    expect(view.directive).toEqual({
      api: 'MobilePlans.notifyPurchaseDelayedProfile',
      args: [metadata, 60],
      script: renderDirectiveScript('MobilePlans.notifyPurchaseDelayedProfile', [metadata, 60]),
    });
    const released = responder.requests.filter(
      (request) =>
        request.transactionId === transactionId &&
        request.effect.type === 'SendEs2Request' &&
        request.effect.function === 'releaseProfile',
    );
    expect(released).toEqual([]);
  });

  it('balanceAddition: the directive names the SIM credited', async () => {
    const transactionId = `balance-${randomUUID()}`;
    const body = '8944010000000000077';
    const iccid = body.slice(0, 18) + luhnCheckDigit(body.slice(0, 18));
    const view = await purchase(portalEvents.balanceAddition(transactionId, iccid));

    expect(view).toMatchObject({ flow: 'balanceAddition', status: 'completed' });
    expect(view.directive).toEqual({
      api: 'MobilePlans.notifyBalanceAddition',
      args: [{ ...metadata, line: 'Existing' }, iccid],
      script: renderDirectiveScript('MobilePlans.notifyBalanceAddition', [
        { ...metadata, line: 'Existing' },
        iccid,
      ]),
    });
  });

  it('cancelled and failed: notifyCancelledPurchase with the status the portal gave', async () => {
    const cancelled = await purchase(portalEvents.cancelled(`cancel-${randomUUID()}`));
    const failed = await purchase(portalEvents.failed(`fail-${randomUUID()}`));

    expect(cancelled).toMatchObject({ flow: 'cancelled', status: 'cancelled' });
    expect(cancelled.directive).toMatchObject({
      api: 'MobilePlans.notifyCancelledPurchase',
      args: [{ userAccount: 'New', line: 'Bailed', moDirectStatus: 'Cancelled', planName: '' }],
    });
    expect(failed).toMatchObject({ flow: 'failed', status: 'failed' });
    expect(failed.directive).toMatchObject({
      api: 'MobilePlans.notifyCancelledPurchase',
      args: [{ userAccount: 'New', line: 'New', moDirectStatus: 'BillingError', planName: '' }],
    });
  });
});
