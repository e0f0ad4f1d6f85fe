import { effectShapes, given, givenWith } from '../testing/given-when-then.helper';
import { EID, ICCID, inputs, seedSettings } from '../testing/inputs.fixture';
import { purchaseViewOf } from '../view/purchase-view.mapper';

// ADR 0014. Inputs come one minute apart from T0 = 10:00; the portal's PurchaseCompleted is at 10:01.

describe('deadlines by the lower of the raw and the rounded interval (D23 as revised)', () => {
  it.each([
    [20, '2025-06-01T10:16:00.000Z'],
    [22, '2025-06-01T10:16:00.000Z'],
    [29, '2025-06-01T10:30:00.000Z'],
    [30, '2025-06-01T10:31:00.000Z'],
    [0, '2025-06-01T10:01:00.000Z'],
  ])(
    'asyncConnectivity, interval %i: connectivity complete by %s',
    (networkRegistrationIntervalMinutes, completeBy) => {
      const t = inputs();
      const outcome = given(
        t.completed('asyncConnectivity', { networkRegistrationIntervalMinutes }),
      ).when(t.reserved());
      expect(outcome.effects).toContainEqual({
        type: 'ProvisionConnectivity',
        iccid: ICCID,
        eid: EID,
        completeBy,
      });
      // The deadline timer is due then, or at once if that is already past (interval 0, decided at 10:02).
      const due =
        Date.parse(completeBy) < Date.parse('2025-06-01T10:02:00.000Z')
          ? '2025-06-01T10:02:00.000Z'
          : completeBy;
      expect(outcome.effects).toContainEqual(
        expect.objectContaining({
          type: 'ScheduleTimer',
          purpose: 'connectivityDeadline',
          dueAt: due,
        }),
      );
    },
  );

  it.each([
    [20, '2025-06-01T10:11:00.000Z'],
    [22, '2025-06-01T10:11:00.000Z'],
    [29, '2025-06-01T10:25:00.000Z'],
    [30, '2025-06-01T10:26:00.000Z'],
  ])(
    'delayedProfile, delay %i: ReleaseProfile due at %s (5 minutes lead)',
    (downloadDelayMinutes, dueAt) => {
      const t = inputs();
      const outcome = given(
        t.completed('delayedProfile', { downloadDelayMinutes }),
        t.reserved(),
      ).when(t.confirmed());
      expect(outcome.effects[0]).toEqual({
        type: 'ScheduleTimer',
        timerId: 'tx-1/releaseProfile/4',
        purpose: 'releaseProfile',
        dueAt,
      });
    },
  );

  it('delayedProfile, delay 0: released by ConfirmOrder, no release timer', () => {
    const t = inputs();
    const reserved = given(t.completed('delayedProfile', { downloadDelayMinutes: 0 })).when(
      t.reserved(),
    );
    expect(effectShapes(reserved.effects)).toEqual([
      {
        function: 'confirmOrder',
        request: { iccid: ICCID, eid: EID, releaseFlag: true, smdsAddress: 'lpa.ds.gsma.com' },
      },
    ]);
  });

  it('a purchase recorded before the revision keeps its raw-interval deadline when it decides again', () => {
    const t = inputs();
    const old = { ...seedSettings, appIntervalRounding: 'none' as const };
    const outcome = givenWith(
      old,
      t.completed('asyncConnectivity', { networkRegistrationIntervalMinutes: 20 }),
    ).when(t.reserved());
    expect(outcome.effects).toContainEqual(
      expect.objectContaining({
        type: 'ProvisionConnectivity',
        completeBy: '2025-06-01T10:21:00.000Z',
      }),
    );
  });
});

describe('the connectivity deadline timer', () => {
  const asyncUntilDirective = (t: ReturnType<typeof inputs>) =>
    [t.completed('asyncConnectivity'), t.reserved(), t.confirmed()] as const;

  it('installed, network not provisioned by the deadline: connectivityOverdue, alerted, visible to the portal', () => {
    const t = inputs();
    const outcome = given(...asyncUntilDirective(t), t.progress(4)).when(
      t.timerFired('connectivityDeadline'),
    );
    expect(outcome.types).toEqual(['TimerFired']);
    expect(outcome.snapshot.value).toBe('connectivityOverdue');
    expect(outcome.effects).toEqual([
      {
        type: 'AlertOperations',
        code: 'CONNECTIVITY_OVERDUE',
        message: `connectivity for ${ICCID} not provisioned by 2025-06-01T10:31:00.000Z`,
      },
    ]);
    expect(purchaseViewOf(outcome.snapshot)?.status).toBe('connectivityOverdue');
  });

  it('still downloading when the deadline passes: alerted at once, and overdue once installed', () => {
    const t = inputs();
    const fired = given(...asyncUntilDirective(t)).when(t.timerFired('connectivityDeadline'));
    expect(fired.snapshot.value).toBe('awaitingDownload');
    expect(fired.snapshot.context.connectivity).toBe('overdue');
    expect(fired.effects).toEqual([expect.objectContaining({ code: 'CONNECTIVITY_OVERDUE' })]);

    const u = inputs();
    const installed = given(...asyncUntilDirective(u), u.timerFired('connectivityDeadline')).when(
      u.progress(4),
    );
    expect(installed.snapshot.value).toBe('connectivityOverdue');
  });

  it('provisioned late: the purchase completes after all', () => {
    const t = inputs();
    const outcome = given(
      ...asyncUntilDirective(t),
      t.progress(4),
      t.timerFired('connectivityDeadline'),
    ).when(t.connectivity('provisioned'));
    expect(outcome.snapshot.value).toBe('completed');
  });

  it('provisioned in time: the deadline is cancelled and never fires', () => {
    const t = inputs();
    const history = [...asyncUntilDirective(t), t.connectivity('provisioned')] as const;
    const provisioned = given(...asyncUntilDirective(t)).when(t.connectivity('provisioned'));
    expect(provisioned.types).toEqual(['ConnectivityProvisioned', 'TimerCancelled']);
    const late = given(...history).when(t.timerFired('connectivityDeadline'));
    expect(late.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'TIMER_NOT_PENDING' },
    });
  });
});

describe('the confirmation deadline (no report from the SM-DP+ or the app)', () => {
  const inlineUntilDirective = (t: ReturnType<typeof inputs>) =>
    [t.completed('inline'), t.reserved(), t.confirmed()] as const;

  it('the configured time after the directive, the purchase becomes unconfirmed with an alert', () => {
    const t = inputs();
    const settings = { ...seedSettings, confirmationTimeoutSeconds: 90 };
    const directive = givenWith(settings, t.completed('inline'), t.reserved()).when(t.confirmed());
    // Directive decided at 10:03; 90 seconds later.
    expect(directive.effects).toContainEqual({
      type: 'ScheduleTimer',
      timerId: 'tx-1/confirmationDeadline/5',
      purpose: 'confirmationDeadline',
      dueAt: '2025-06-01T10:04:30.000Z',
    });
    const u = inputs();
    const outcome = givenWith(settings, ...inlineUntilDirective(u)).when(
      u.timerFired('confirmationDeadline'),
    );
    expect(outcome.snapshot.value).toBe('unconfirmed');
    expect(outcome.effects).toEqual([
      {
        type: 'AlertOperations',
        code: 'PURCHASE_UNCONFIRMED',
        message: `neither the SM-DP+ nor the app reported ${ICCID} installed within 90 s`,
      },
    ]);
    expect(purchaseViewOf(outcome.snapshot)?.status).toBe('unconfirmed');
  });

  it('a late notification still completes an unconfirmed purchase', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t), t.timerFired('confirmationDeadline')).when(
      t.progress(4),
    );
    expect(outcome.snapshot.value).toBe('completed');
    expect(outcome.effects).toEqual([]);
  });

  it('heard in time: the deadline is cancelled', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t)).when(t.progress(4));
    expect(outcome.types).toEqual(['DownloadProgressReported', 'TimerCancelled']);
  });

  it('a delayed download is waited for from the latest time the app may invite the user (delay 5 → about 15)', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile', { downloadDelayMinutes: 5 }),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
    ).when(t.released());
    // 10:01 + 15 minutes, then the default 30 minutes.
    expect(outcome.effects).toEqual([
      expect.objectContaining({
        purpose: 'confirmationDeadline',
        dueAt: '2025-06-01T10:46:00.000Z',
      }),
    ]);
  });

  it('no deadline for a purchase recorded without one', () => {
    const t = inputs();
    const outcome = givenWith(
      { ...seedSettings, confirmationTimeoutSeconds: null },
      t.completed('inline'),
      t.reserved(),
    ).when(t.confirmed());
    expect(outcome.types).toEqual(['ProfileConfirmed', 'DirectiveIssued']);
  });
});
