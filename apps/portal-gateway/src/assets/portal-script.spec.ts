import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { appReportListeners, validatePortalEvent } from '@mp/contracts';
import { buildDirective } from '@mp/purchase-machine';
import { loadPortalScript } from './portal-script.asset';

// The portal-side script in a sandboxed page: the listeners the directives name post the app's reports as portal
// events that the gateway accepts, retried on transient failures, and `run` reports the operation context.

interface Sent {
  readonly url: string;
  readonly init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    credentials: string;
  };
}
interface Page {
  readonly sent: Sent[];
  readonly errors: string[];
  readonly window: Record<string, unknown> & {
    MobilePlansReports: {
      version: string;
      listeners: Record<string, string>;
      configure(options: Record<string, unknown>): void;
      run(directive: unknown): unknown;
      settled(): Promise<void>;
    };
  };
}

const stub = readFileSync(
  join(__dirname, '../../../../test/support/mobile-plans-app/mobile-plans-app.stub.js'),
  'utf8',
);

function page(statuses: number[] = []): Page {
  const sent: Sent[] = [];
  const errors: string[] = [];
  const sandbox = createContext({
    setTimeout: (callback: () => void) => setTimeout(callback, 0),
    fetch: (url: string, init: Sent['init']) => {
      sent.push({ url, init });
      const status = statuses.shift() ?? 202;
      return Promise.resolve({ ok: status < 300, status });
    },
  });
  runInContext('var window = globalThis;', sandbox);
  runInContext(stub, sandbox);
  runInContext('installMobilePlansStub(window);', sandbox);
  runInContext(loadPortalScript().body.toString('utf8'), sandbox);
  const window = runInContext('window', sandbox) as Page['window'];
  window.MobilePlansReports.configure({
    endpoint: '/portal/app-reports',
    transactionId: 'tx-browser-1',
    retryDelayMs: 1,
    onError: (reason: string) => errors.push(reason),
  });
  return { sent, errors, window };
}

const bodyOf = (sent: Sent | undefined) =>
  JSON.parse(sent?.init.body ?? 'null') as Record<string, unknown>;

describe('the portal-side script (apps/portal-gateway/public/mobile-plans-reports.js)', () => {
  it('declares its version and defines the listeners the directives name', () => {
    const { window } = page();
    expect(window.MobilePlansReports.version).toBe(loadPortalScript().version);
    expect(window.MobilePlansReports.listeners).toEqual({
      registration: appReportListeners.registrationChangedScript,
      activation: appReportListeners.profileActivationCompleteScript,
    });
    expect(typeof window[appReportListeners.registrationChangedScript]).toBe('function');
    expect(typeof window[appReportListeners.profileActivationCompleteScript]).toBe('function');
  });

  it('posts the activation report as an ActivationResultReported portal event the gateway accepts', async () => {
    const { sent, window } = page();
    const listener = window[appReportListeners.profileActivationCompleteScript] as (
      a: string,
    ) => void;
    listener(JSON.stringify({ activationResult: 'success', iccid: '8988247000101867183' }));
    await window.MobilePlansReports.settled();

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: '/portal/app-reports',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
      },
    });
    const event = bodyOf(sent[0]);
    expect(event).toMatchObject({
      type: 'ActivationResultReported',
      transactionId: 'tx-browser-1',
      iccid: '8988247000101867183',
      activationResult: 'success',
    });
    expect(validatePortalEvent(event)).toMatchObject({ ok: true });
  });

  it('posts a registration report; retries a 503 with the same event, gives up on a 400 and says so', async () => {
    const { sent, errors, window } = page([503, 202, 400]);
    const listener = window[appReportListeners.registrationChangedScript] as (a: string) => void;
    listener(JSON.stringify({ networkRegistrationState: 'home', iccid: '8988247000101867183' }));
    await window.MobilePlansReports.settled();
    listener(JSON.stringify({ networkRegistrationState: 'roaming', iccid: '8988247000101867183' }));
    await window.MobilePlansReports.settled();

    expect(sent.map((attempt) => bodyOf(attempt).networkRegistrationState)).toEqual([
      'home',
      'home',
      'roaming',
    ]);
    expect(sent[1]?.init.body).toBe(sent[0]?.init.body);
    expect(validatePortalEvent(bodyOf(sent[0]))).toMatchObject({ ok: true });
    expect(errors).toEqual(['RegistrationStateChanged not delivered: HTTP 400']);
  });

  it('ignores unreadable reports', async () => {
    const { sent, errors, window } = page();
    const listener = window[appReportListeners.registrationChangedScript] as (a: string) => void;
    listener('not json');
    listener(JSON.stringify({ networkRegistrationState: 'home' }));
    await window.MobilePlansReports.settled();
    expect(sent).toEqual([]);
    expect(errors).toEqual(['unreadable registrationArgs', 'unreadable registrationArgs']);
  });

  it('runs a current-generation directive and reports the operation context the app returned', async () => {
    const { sent, window } = page();
    const directive = buildDirective({
      kind: 'fulfilment',
      flow: 'delayedProfile',
      generation: 'current',
      metadata: {
        userAccount: 'New',
        purchaseInstrument: 'New',
        line: 'New',
        moDirectStatus: 'Complete',
        planName: '2GB Monthly',
      },
      activationCode: '1$smdp.example.com$MATCH-1',
      iccid: '8988247000101867183',
      activateProfile: false,
      networkRegistrationIntervalMinutes: 0,
      downloadDelayMinutes: 60,
    });

    const operation = window.MobilePlansReports.run(directive);
    await window.MobilePlansReports.settled();

    expect(JSON.parse(JSON.stringify(operation))).toEqual({ Id: 'stub-operation-1' });
    expect(sent.map(bodyOf)).toEqual([
      expect.objectContaining({
        type: 'OperationContextReported',
        transactionId: 'tx-browser-1',
        operationContext: { Id: 'stub-operation-1' },
      }),
    ]);
    expect(validatePortalEvent(bodyOf(sent[0]))).toMatchObject({ ok: true });
  });
});
