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

const md = completeMetadata;

describe('delayed profile flow', () => {
  it('seed generation: ConfirmOrder(releaseFlag false) names the SM-DS', () => {
    const t = inputs();
    const outcome = given(t.completed('delayedProfile')).when(t.reserved());
    expect(effectShapes(outcome.effects)).toEqual([
      {
        function: 'confirmOrder',
        request: { iccid: ICCID, eid: EID, releaseFlag: false, smdsAddress: 'lpa.ds.gsma.com' },
      },
    ]);
  });

  it('seed generation: on ConfirmOrder, the release timer is due at completion + delay − lead, and notifyPurchaseDelayedProfile(md, delay) is issued', () => {
    const t = inputs();
    const outcome = given(t.completed('delayedProfile'), t.reserved()).when(t.confirmed());
    expect(outcome.types).toEqual(['ProfileConfirmed', 'TimerScheduled', 'DirectiveIssued']);
    expect(outcome.effects).toEqual([
      // Completed at 10:01, 60 min delay, 5 min lead.
      {
        type: 'ScheduleTimer',
        timerId: 'tx-1/releaseProfile/4',
        purpose: 'releaseProfile',
        dueAt: '2025-06-01T10:56:00.000Z',
      },
      {
        type: 'PublishDirective',
        transactionId: 'tx-1',
        directive: {
          api: 'MobilePlans.notifyPurchaseDelayedProfile',
          args: [md, 60],
          script: renderDirectiveScript('MobilePlans.notifyPurchaseDelayedProfile', [md, 60]),
        },
      },
    ]);
    expect(outcome.snapshot.value).toBe('awaitingRelease');
  });

  it('current generation: no SM-DS, directive notifyProfileDownload(md, ac, delay)', () => {
    const t = inputs();
    const reserved = givenWith(currentSettings, t.completed('delayedProfile')).when(t.reserved());
    expect(effectShapes(reserved.effects)).toEqual([
      { function: 'confirmOrder', request: { iccid: ICCID, eid: EID, releaseFlag: false } },
    ]);
    const u = inputs();
    const confirmed = givenWith(currentSettings, u.completed('delayedProfile'), u.reserved()).when(
      u.confirmed(),
    );
    expect(confirmed.snapshot.context.directive?.api).toBe(
      'MobilePlansInlineOperations.notifyProfileDownload',
    );
    expect(confirmed.snapshot.context.directive?.args).toEqual([md, `1$${SMDP}$MATCH-1`, 60]);
  });

  it('a lead time longer than the delay is clamped to now', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile', { downloadDelayMinutes: 2 }),
      t.reserved(),
    ).when(t.confirmed());
    expect(outcome.effects[0]).toMatchObject({
      type: 'ScheduleTimer',
      dueAt: '2025-06-01T10:03:00.000Z',
    });
  });

  it('downloadDelay 0 releases at once: ConfirmOrder(releaseFlag true), no timer, directive with 0', () => {
    const t = inputs();
    const reserved = given(t.completed('delayedProfile', { downloadDelayMinutes: 0 })).when(
      t.reserved(),
    );
    expect(reserved.effects[0]).toMatchObject({ request: { releaseFlag: true } });
    const u = inputs();
    const confirmed = given(
      u.completed('delayedProfile', { downloadDelayMinutes: 0 }),
      u.reserved(),
    ).when(u.confirmed());
    // Released at once: the device may download at once, so the wait to hear of it starts now.
    expect(confirmed.types).toEqual(['ProfileConfirmed', 'DirectiveIssued', 'TimerScheduled']);
    expect(confirmed.snapshot.context.directive?.args).toEqual([md, 0]);
    expect(confirmed.snapshot.value).toBe('awaitingDownload');
  });

  it('when the release timer fires, ReleaseProfile is sent; when it succeeds, the purchase awaits the download', () => {
    const t = inputs();
    const fired = given(t.completed('delayedProfile'), t.reserved(), t.confirmed()).when(
      t.timerFired(),
    );
    expect(fired.types).toEqual(['TimerFired']);
    expect(effectShapes(fired.effects)).toEqual([
      { function: 'releaseProfile', request: { iccid: ICCID } },
    ]);
    expect(fired.snapshot.value).toBe('releasing');

    const u = inputs();
    const released = given(
      u.completed('delayedProfile'),
      u.reserved(),
      u.confirmed(),
      u.timerFired(),
    ).when(u.released());
    // Completed 10:01 + 60 min: the app invites the user at 11:01 at the earliest; it has 30 min from then.
    expect(released.types).toEqual(['ProfileReleased', 'TimerScheduled']);
    expect(released.effects).toEqual([
      {
        type: 'ScheduleTimer',
        timerId: 'tx-1/confirmationDeadline/8',
        purpose: 'confirmationDeadline',
        dueAt: '2025-06-01T11:31:00.000Z',
      },
    ]);
    expect(released.snapshot.value).toBe('awaitingDownload');
    expect(released.snapshot.context.profile?.state).toBe('Released');
  });

  it('completes when the profile is installed', () => {
    const t = inputs();
    const outcome = given(
      t.completed('delayedProfile'),
      t.reserved(),
      t.confirmed(),
      t.timerFired(),
      t.released(),
    ).when(t.progress(4));
    expect(outcome.snapshot.value).toBe('completed');
  });
});
