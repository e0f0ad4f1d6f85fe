import { type Step } from '../testing/inputs.fixture';
import { effectShapes, givenWith } from '../testing/given-when-then.helper';
import { EID, ICCID, ICCID_2, inputs, OTHER_EID, seedSettings } from '../testing/inputs.fixture';

// Remediation alone: the deadline for hearing of the installation (which a remediation restarts) has its own tests.
const noDeadline = { ...seedSettings, confirmationTimeoutSeconds: null };
const given = (...steps: Step[]) => givenWith(noDeadline, ...steps);

type T = ReturnType<typeof inputs>;
const afterDirective = (t: T) => [t.completed('inline'), t.reserved(), t.confirmed()] as const;
const cancelOld = {
  function: 'cancelOrder',
  request: {
    iccid: ICCID,
    eid: EID,
    matchingId: 'MATCH-1',
    finalProfileStatusIndicator: 'Available',
  },
};

describe('LPA error remediation (mobile-plans.md section 11)', () => {
  it('ProfileNotReleasedByOperator → ReleaseProfile now, same activation code', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(
      t.lpaError(['ServerFailure', 'ProfileNotReleasedByOperator']),
    );
    expect(outcome.types).toEqual(['LpaErrorReported']);
    expect(outcome.decision.events[0]?.data).toMatchObject({
      decisiveCode: 'ProfileNotReleasedByOperator',
      remediation: { kind: 'releaseProfile' },
      alertOperations: false,
    });
    expect(effectShapes(outcome.effects)).toEqual([
      { function: 'releaseProfile', request: { iccid: ICCID } },
    ]);
    expect(outcome.snapshot.value).toBe('releasing');
    const u = inputs();
    const released = given(...afterDirective(u), u.lpaError(['ProfileNotReleasedByOperator'])).when(
      u.released(),
    );
    expect(released.snapshot.value).toBe('awaitingDownload');
    expect(released.types).toEqual(['ProfileReleased']);
  });

  it('ProfileNotReleasedByOperator before the release timer → release now and cancel the timer', () => {
    const t = inputs();
    const outcome = given(t.completed('delayedProfile'), t.reserved(), t.confirmed()).when(
      t.lpaError(['ProfileNotReleasedByOperator']),
    );
    expect(outcome.types).toEqual(['LpaErrorReported', 'TimerCancelled']);
    expect(effectShapes(outcome.effects)).toEqual([
      { function: 'releaseProfile', request: { iccid: ICCID } },
      { type: 'CancelTimer', timerId: 'tx-1/releaseProfile/4', purpose: 'releaseProfile' },
    ]);
  });

  it('EidMismatch → CancelOrder(Available) and a new DownloadOrder for the launch EID; new AC re-issued', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(
      t.lpaError(['EidMismatch'], ICCID, { eid: OTHER_EID }),
    );
    expect(outcome.decision.events[0]?.data).toMatchObject({
      remediation: { kind: 'reorder', eid: OTHER_EID, profileType: 'MP-DEFAULT' },
    });
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOld,
      { function: 'downloadOrder', request: { eid: OTHER_EID, profileType: 'MP-DEFAULT' } },
    ]);
    expect(outcome.snapshot.value).toBe('reserving');

    const u = inputs();
    const reissued = given(
      ...afterDirective(u),
      u.lpaError(['EidMismatch'], ICCID, { eid: OTHER_EID }),
      u.orderCancelled(),
      u.reserved(ICCID_2),
    ).when(u.confirmed('MATCH-2'));
    expect(reissued.types).toEqual(['ProfileConfirmed', 'DirectiveIssued']);
    expect(reissued.decision.events[1]?.data).toMatchObject({ reason: 'reissue' });
    expect(reissued.snapshot.context.directive?.args[1]).toBe('1$smdp.example.com$MATCH-2');
    expect(reissued.snapshot.context.formerProfiles.map((p) => [p.iccid, p.state])).toEqual([
      [ICCID, 'Available'],
    ]);
  });

  it.each(['ProfileNotAvailableForNewBinding', 'IccidAlreadyExists'])(
    '%s while not installed → a new profile',
    (code) => {
      const t = inputs();
      const outcome = given(...afterDirective(t)).when(t.lpaError([code]));
      expect(effectShapes(outcome.effects)).toEqual([
        cancelOld,
        { function: 'downloadOrder', request: { eid: EID, profileType: 'MP-DEFAULT' } },
      ]);
    },
  );

  it('ProfileNotAvailableForNewBinding when installed on this device → treated as success, nothing changes', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t), t.progress(4)).when(
      t.lpaError(['ProfileNotAvailableForNewBinding']),
    );
    expect(outcome.decision.events[0]?.data).toMatchObject({
      remediation: { kind: 'treatAsInstalled' },
    });
    expect(outcome.effects).toEqual([]);
    expect(outcome.snapshot.value).toBe('completed');
  });

  it('a downloaded profile is never cancelled by a re-order (D24), only a new one is ordered', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t), t.progress(3)).when(
      t.lpaError(['IccidAlreadyExists']),
    );
    expect(effectShapes(outcome.effects)).toEqual([
      { function: 'downloadOrder', request: { eid: EID, profileType: 'MP-DEFAULT' } },
    ]);
  });

  it.each(['InvalidMatchingId', 'NotFound', 'ProfileNotPresent'])(
    '%s → a new order, no alert',
    (code) => {
      const t = inputs();
      const outcome = given(...afterDirective(t)).when(t.lpaError([code]));
      expect(outcome.decision.events[0]?.data).toMatchObject({
        remediation: { kind: 'reorder' },
        alertOperations: false,
      });
      expect(
        outcome.effects.map((e) => (e.type === 'SendEs2Request' ? e.function : e.type)),
      ).toEqual(['cancelOrder', 'downloadOrder']);
    },
  );

  it.each([
    'ConfirmationCodeMissing',
    'IncorrectConfirmationCode',
    'ConfirmationCodeMaxRetriesExceeded',
  ])('%s → a new order without a confirmation code, and ops alerted', (code) => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.lpaError([code]));
    expect(outcome.effects.map((e) => (e.type === 'SendEs2Request' ? e.function : e.type))).toEqual(
      ['cancelOrder', 'downloadOrder', 'AlertOperations'],
    );
  });

  it.each([
    'NoEligibleProfileForThisDevice',
    'OperationProhibitedByProfileClass',
    'PolicyViolation',
  ])('%s → a new order with the fallback profile type, ops alerted', (code) => {
    const t = inputs();
    const settings = { ...noDeadline, fallbackProfileType: 'MP-COMPAT' };
    const outcome = givenWith(settings, ...afterDirective(t)).when(t.lpaError([code]));
    expect(effectShapes(outcome.effects)).toEqual([
      cancelOld,
      { function: 'downloadOrder', request: { eid: EID, profileType: 'MP-COMPAT' } },
      {
        type: 'AlertOperations',
        code: `LPA_${code}`,
        message: `LPA error ${code} on ${ICCID}: remediation reorder`,
      },
    ]);
  });

  it.each(['ServerFailure', 'ServerNotReachable', 'TimeoutWaitingForResponse', 'ServerNotTrusted'])(
    '%s → keep the order and AC; alert only when repeated',
    (code) => {
      const t = inputs();
      const first = given(...afterDirective(t)).when(t.lpaError([code]));
      expect(first.decision.events[0]?.data).toMatchObject({
        remediation: { kind: 'keepOrder' },
        alertOperations: false,
      });
      expect(first.effects).toEqual([]);
      expect(first.snapshot.value).toBe('awaitingDownload');
      const u = inputs();
      const repeat = given(...afterDirective(u), u.lpaError([code])).when(u.lpaError([code]));
      expect(repeat.effects.map((e) => e.type)).toEqual(['AlertOperations']);
    },
  );

  it.each([
    'InsufficientSpaceOnCard',
    'CardBusy',
    'CardRemoved',
    'CardGeneralFailure',
    'ModemNotFound',
    'LpaInitializationError',
  ])('%s → device side: tell the user, no SM-DP+ change', (code) => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.lpaError([code]));
    expect(outcome.decision.events[0]?.data).toMatchObject({ remediation: { kind: 'informUser' } });
    expect(outcome.effects).toEqual([]);
  });

  it.each(['TimeoutWaitingForUserConsent', 'OperationAborted'])('%s → keep the order', (code) => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.lpaError([code]));
    expect(outcome.decision.events[0]?.data).toMatchObject({ remediation: { kind: 'keepOrder' } });
    expect(outcome.effects).toEqual([]);
  });

  it.each(['invalidActivationCode', 'invalidIccid', 'invalidJson', 'invalidCallback'] as const)(
    'activationResult %s → our directive is malformed: alert ops',
    (result) => {
      const t = inputs();
      const outcome = given(...afterDirective(t)).when(t.activation(result));
      expect(outcome.types).toEqual(['LpaErrorReported']);
      expect(outcome.decision.events[0]?.data).toMatchObject({
        source: 'activationResult',
        remediation: { kind: 'fixDirective' },
        alertOperations: true,
      });
      expect(outcome.effects.map((e) => e.type)).toEqual(['AlertOperations']);
    },
  );

  it('activationResult profileNotReleasedByOperator → the same remediation as the header code', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.activation('profileNotReleasedByOperator'));
    expect(outcome.snapshot.value).toBe('releasing');
  });

  it('a successful activation result and registration changes are recorded (and confirm an inline installation: app-reports.spec.ts)', () => {
    const t = inputs();
    const activation = given(...afterDirective(t)).when(t.activation('success'));
    expect(activation.types).toEqual(['ActivationResultReported', 'InstallationConfirmedByApp']);
    const u = inputs();
    const registration = given(...afterDirective(u)).when(u.registration('searching'));
    expect(registration.types).toEqual(['RegistrationStateChanged']);
  });

  it('an unknown code is recorded without action', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.lpaError(['SomethingNew']));
    expect(outcome.decision.events[0]?.data).toMatchObject({ remediation: { kind: 'none' } });
    expect(outcome.effects).toEqual([]);
  });

  it('a report for an ICCID this purchase does not hold is rejected', () => {
    const t = inputs();
    const outcome = given(...afterDirective(t)).when(t.lpaError(['EidMismatch'], ICCID_2));
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'UNKNOWN_PROFILE' },
    });
  });

  it("a report from a new launch keeps that launch's transactionId on the event; one from the purchase's own does not", () => {
    const t = inputs();
    const fromNewLaunch = given(...afterDirective(t)).when(
      t.lpaError(['ProfileNotAvailableForNewBinding'], ICCID, { transactionId: 'tx-launch-2' }),
    );
    expect(fromNewLaunch.decision.events[0]?.data).toMatchObject({
      remediation: { kind: 'reorder' },
      launchTransactionId: 'tx-launch-2',
    });
    const u = inputs();
    const fromOwn = given(...afterDirective(u)).when(
      u.lpaError(['ProfileNotAvailableForNewBinding']),
    );
    expect(fromOwn.decision.events[0]?.data).not.toHaveProperty('launchTransactionId');
  });
});
