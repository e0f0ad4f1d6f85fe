import { renderDirectiveScript } from '@mp/contracts';
import { effectShapes, given, givenWith } from '../testing/given-when-then.helper';
import {
  completeMetadata,
  currentSettings,
  EID,
  ICCID,
  inputs,
  SMDP,
} from '../testing/inputs.fixture';

describe('asynchronous connectivity flow', () => {
  it('when DownloadOrder succeeds, then ConfirmOrder(releaseFlag true), connectivity due by completion + the interval, and its deadline timer (D23)', () => {
    const t = inputs();
    const outcome = given(t.completed('asyncConnectivity')).when(t.reserved());
    expect(outcome.types).toEqual(['ProfileReserved', 'TimerScheduled']);
    expect(effectShapes(outcome.effects)).toEqual([
      { function: 'confirmOrder', request: { iccid: ICCID, eid: EID, releaseFlag: true } },
      // Completion at T0+1 min, interval 30 min (30 rounds to 30: the lower of the two is 30).
      {
        type: 'ProvisionConnectivity',
        iccid: ICCID,
        eid: EID,
        completeBy: '2025-06-01T10:31:00.000Z',
      },
      {
        type: 'ScheduleTimer',
        timerId: 'tx-1/connectivityDeadline/3',
        purpose: 'connectivityDeadline',
        dueAt: '2025-06-01T10:31:00.000Z',
      },
    ]);
  });

  it('with an interval of 0, connectivity is due at completion', () => {
    const t = inputs();
    const outcome = given(
      t.completed('asyncConnectivity', { networkRegistrationIntervalMinutes: 0 }),
    ).when(t.reserved());
    expect(outcome.effects[1]).toEqual({
      type: 'ProvisionConnectivity',
      iccid: ICCID,
      eid: EID,
      completeBy: '2025-06-01T10:01:00.000Z',
    });
    // Already due when it is scheduled (T0+2 min): never in the past, it fires at once.
    expect(outcome.effects[2]).toMatchObject({
      type: 'ScheduleTimer',
      purpose: 'connectivityDeadline',
      dueAt: '2025-06-01T10:02:00.000Z',
    });
  });

  it.each([
    ['seed', given],
    ['current', (...steps: Parameters<typeof given>) => givenWith(currentSettings, ...steps)],
  ] as const)(
    'in the %s generation the directive is notifyPurchaseWithProfileDownload(md, ac, interval)',
    (_g, start) => {
      const t = inputs();
      const outcome = start(t.completed('asyncConnectivity'), t.reserved()).when(t.confirmed());
      expect(outcome.types).toEqual(['ProfileConfirmed', 'DirectiveIssued', 'TimerScheduled']);
      const args = [completeMetadata, `1$${SMDP}$MATCH-1`, 30] as const;
      // No listeners: the device registers later, when the portal page is long closed.
      expect(outcome.snapshot.context.directive).toEqual({
        api: 'MobilePlans.notifyPurchaseWithProfileDownload',
        args,
        script: renderDirectiveScript('MobilePlans.notifyPurchaseWithProfileDownload', args),
      });
    },
  );

  it('given installed before connectivity, then it waits for connectivity, then completes', () => {
    const t = inputs();
    const installed = given(t.completed('asyncConnectivity'), t.reserved(), t.confirmed()).when(
      t.progress(4),
    );
    expect(installed.snapshot.value).toBe('awaitingConnectivity');
    const done = given(
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.confirmed(),
      t.progress(4),
    ).when(t.connectivity('provisioned'));
    expect(done.types).toEqual(['ConnectivityProvisioned', 'TimerCancelled']);
    expect(done.effects).toEqual([
      {
        type: 'CancelTimer',
        timerId: 'tx-1/connectivityDeadline/3',
        purpose: 'connectivityDeadline',
      },
    ]);
    expect(done.snapshot.value).toBe('completed');
  });

  it('given connectivity provisioned first, when installed, then the purchase completes at once', () => {
    const t = inputs();
    const outcome = given(
      t.completed('asyncConnectivity'),
      t.reserved(),
      t.connectivity('provisioned'),
      t.confirmed(),
    ).when(t.progress(4));
    expect(outcome.snapshot.value).toBe('completed');
  });
});
