import { randomUUID } from 'node:crypto';
import { appReportListeners } from '@mp/contracts';
import { loadPortalScript } from '../../apps/portal-gateway/src/assets/portal-script.asset';
import { launchBrowser, type Browser } from '../support/browser';
import { edgeFetch } from '../support/edge-client';
import { portalEvents } from '../support/portal-events';
import { startPortalRelay, type PortalRelay } from '../support/portal-relay';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

// docs/adr/0013 in a browser: a portal page with the portal-side script (loaded from the gateway) and the app's
// objects (stubbed as the documents describe them) runs an inline directive; the stub fires the app's registration
// and activation listeners; the page posts the reports to the portal's backend, which relays them to the gateway;
// the purchase completes although the SM-DP+ never says the profile was installed.
describe("the app's reports from a portal page complete an inline purchase", () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;
  let relay: PortalRelay;
  // The launch itself, so that teardown closes a Chromium that lands after a timed-out set-up.
  let browserLaunch: Promise<Browser> | undefined;
  let browser: Browser;
  const { version } = loadPortalScript();

  beforeAll(async () => {
    system = await startPurchaseSystem();
    // No notifyInstalled: the SM-DP+'s "installed" notification never arrives.
    responder = new SmdpResponder(system.kafka, system.names, { iccidPrefix: '4416' });
    await responder.start();
    relay = await startPortalRelay(system.gatewayUrl, version);
    browserLaunch = launchBrowser();
    browser = await browserLaunch;
  }, 90_000);

  afterAll(async () => {
    await (await browserLaunch?.catch(() => undefined))?.close();
    await relay?.close();
    await responder?.stop();
    await system?.stop();
  });

  it('serves the portal-side script with its version, public, and nothing else under its name', async () => {
    // No credential: browsers load it, and they hold none.
    const versioned = await edgeFetch(
      `${system.gatewayUrl}/assets/mobile-plans-reports-${version}.js`,
      { credential: {} },
    );
    const current = await edgeFetch(`${system.gatewayUrl}/assets/mobile-plans-reports.js`, {
      credential: {},
    });
    const unknown = await getJson(`${system.gatewayUrl}/assets/mobile-plans-reports-0.0.1.js`);

    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(versioned.headers.get('x-script-version')).toBe(version);
    expect(versioned.headers.get('cache-control')).toContain('immutable');
    expect(await versioned.text()).toContain(`var VERSION = '${version}';`);
    expect(current.headers.get('cache-control')).toBe('no-cache');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('runs the directive, hears the listeners and completes the purchase through the gateway', async () => {
    const transactionId = `browser-${randomUUID()}`;
    const accepted = await postJson(
      `${system.gatewayUrl}/v1/portal-events`,
      portalEvents.inline(transactionId),
    );
    expect(accepted.status).toBe(202);
    const ready = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}?waitMs=10000`);
    const directive = ready.body.directive as { api: string; args: unknown[]; listeners: unknown };
    const { iccid } = ready.body.profile as { iccid: string };
    const { page } = browser;
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    await page.goto(`${relay.url}/purchase?transactionId=${encodeURIComponent(transactionId)}`);
    await page.waitForFunction('document.getElementById("status").textContent === "directive run"');

    // The app saw exactly the documented call, with the listeners set first.
    const calls = await page.evaluate('JSON.stringify(MobilePlansAppStub.calls)');
    expect(JSON.parse(calls as string)).toEqual([
      { api: directive.api, args: directive.args, listeners: appReportListeners },
    ]);
    expect(directive.listeners).toEqual(appReportListeners);

    // The app reports: still searching, then registered and activated.
    await page.evaluate(
      `MobilePlansAppStub.fireRegistration(MobilePlansNetworkRegistrationState.searching, ${JSON.stringify(iccid)});` +
        `MobilePlansAppStub.fireActivation(MobilePlansActivationError.success, ${JSON.stringify(iccid)});` +
        `MobilePlansAppStub.fireRegistration(MobilePlansNetworkRegistrationState.home, ${JSON.stringify(iccid)});` +
        'MobilePlansReports.settled()',
    );

    const completed = await waitFor(
      async () => {
        const view = await getJson(`${system.gatewayUrl}/v1/purchases/${transactionId}`);
        return view.body.status === 'completed' ? view.body : undefined;
      },
      { timeoutMs: 20_000, what: 'the purchase completed' },
    );
    // Completed on the app's word: the SM-DP+ never reported the profile past Released.
    expect(completed).toMatchObject({ status: 'completed', profile: { iccid, state: 'Released' } });
    const mine = relay.forwarded.filter((report) => report.body.transactionId === transactionId);
    // Sent in parallel by the page: their order at the relay is the network's.
    expect(mine.map((report) => `${String(report.body.type)} ${report.status}`).sort()).toEqual([
      'ActivationResultReported 202',
      'RegistrationStateChanged 202',
      'RegistrationStateChanged 202',
    ]);
    expect(failures).toEqual([]);
  });
});
