import { functionCallIdentifier } from '../ids/deterministic-ids';
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

describe('inline flow', () => {
  it('given nothing, when the portal completes an inline purchase, then a DownloadOrder is sent', () => {
    const t = inputs();
    const outcome = given().when(t.completed('inline'));
    expect(outcome.decision.outcome).toBe('accepted');
    expect(outcome.types).toEqual(['PurchaseAccepted']);
    expect(outcome.effects).toEqual([
      {
        type: 'SendEs2Request',
        function: 'downloadOrder',
        functionCallIdentifier: functionCallIdentifier('tx-1', 1, 'downloadOrder'),
        request: { eid: EID, profileType: 'MP-DEFAULT' },
      },
    ]);
    expect(outcome.snapshot.value).toBe('reserving');
  });

  it('given an order, when DownloadOrder succeeds, then ConfirmOrder is sent with releaseFlag true', () => {
    const t = inputs();
    const outcome = given(t.completed('inline')).when(t.reserved());
    expect(outcome.types).toEqual(['ProfileReserved']);
    expect(effectShapes(outcome.effects)).toEqual([
      { function: 'confirmOrder', request: { iccid: ICCID, eid: EID, releaseFlag: true } },
    ]);
    expect(outcome.snapshot.value).toBe('confirming');
  });

  it('given a reservation, when ConfirmOrder succeeds, then the seed-era inline directive is issued in the seed form, listeners set', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved()).when(t.confirmed());
    const directive = {
      api: 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
      args: [md, `1$${SMDP}$MATCH-1`],
      script:
        '(function () { var metadata = MobilePlans.createPurchaseMetaData(); ' +
        'metadata.userAccount = MobilePlansUserAccount.new; ' +
        'metadata.purchaseInstrument = MobilePlansPurchaseInstrument.new; ' +
        'metadata.line = MobilePlansLineType.new; ' +
        'metadata.moDirectStatus = MobilePlansMoDirectStatus.complete; ' +
        'metadata.planName = "2GB Monthly"; ' +
        'MobilePlansInlineProfileDownload.registrationChangedScript = "onMobilePlansRegistrationChanged"; ' +
        'MobilePlansInlineProfileDownload.profileActivationCompleteScript = "onMobilePlansActivationComplete"; ' +
        `return MobilePlansInlineProfileDownload.notifyInlineProfileDownload(metadata, "1$${SMDP}$MATCH-1"); })();`,
      listeners: {
        registrationChangedScript: 'onMobilePlansRegistrationChanged',
        profileActivationCompleteScript: 'onMobilePlansActivationComplete',
      },
    };
    // The deadline for hearing that the profile arrived starts with the directive (ADR 0014): 30 minutes by default.
    expect(outcome.types).toEqual(['ProfileConfirmed', 'DirectiveIssued', 'TimerScheduled']);
    expect(outcome.effects).toEqual([
      { type: 'PublishDirective', transactionId: 'tx-1', directive },
      {
        type: 'ScheduleTimer',
        timerId: 'tx-1/confirmationDeadline/5',
        purpose: 'confirmationDeadline',
        dueAt: '2025-06-01T10:33:00.000Z',
      },
    ]);
    expect(outcome.snapshot.value).toBe('awaitingDownload');
  });

  it('given the current generation, when ConfirmOrder succeeds, then notifyProfileDownload(md, ac) is issued with the listeners', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings, t.completed('inline'), t.reserved()).when(
      t.confirmed(),
    );
    const directive = outcome.snapshot.context.directive;
    expect(directive).toMatchObject({
      api: 'MobilePlansInlineOperations.notifyProfileDownload',
      args: [md, `1$${SMDP}$MATCH-1`],
      listeners: {
        registrationChangedScript: 'onMobilePlansRegistrationChanged',
        profileActivationCompleteScript: 'onMobilePlansActivationComplete',
      },
    });
    expect(directive?.script).toContain(
      'MobilePlansInlineOperations.registrationChangedScript = "onMobilePlansRegistrationChanged";',
    );
  });

  it('given the directive, when point 3 then point 4 succeed, then the profile is Downloaded then Installed and the purchase completed', () => {
    const t = inputs();
    const history = given(t.completed('inline'), t.reserved(), t.confirmed());
    const downloaded = history.when(t.progress(3));
    expect(downloaded.types).toEqual(['DownloadProgressReported']);
    expect(downloaded.snapshot.context.profile?.state).toBe('Downloaded');
    expect(downloaded.snapshot.value).toBe('awaitingDownload');

    const installed = given(t.completed('inline'), t.reserved(), t.confirmed(), t.progress(3)).when(
      t.progress(4),
    );
    expect(installed.snapshot.context.profile?.state).toBe('Installed');
    expect(installed.snapshot.value).toBe('completed');
    expect(installed.types).toEqual(['DownloadProgressReported', 'TimerCancelled']);
    expect(installed.effects).toEqual([
      {
        type: 'CancelTimer',
        timerId: 'tx-1/confirmationDeadline/5',
        purpose: 'confirmationDeadline',
      },
    ]);
  });

  it('given the directive, when a download fails at point 3, then the profile is in Error and the order is kept', () => {
    const t = inputs();
    const outcome = given(t.completed('inline'), t.reserved(), t.confirmed()).when(
      t.progress(3, 'Failed'),
    );
    expect(outcome.snapshot.context.profile?.state).toBe('Error');
    expect(outcome.snapshot.value).toBe('awaitingDownload');
    expect(outcome.effects).toEqual([]);
  });
});
