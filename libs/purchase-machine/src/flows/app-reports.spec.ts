import { given, givenWith } from '../testing/given-when-then.helper';
import { ICCID, ICCID_2, inputs, seedSettings } from '../testing/inputs.fixture';
import { purchaseViewOf } from '../view/purchase-view.mapper';

// ADR 0014: the app's reports, relayed by the portal-side script, complete an inline purchase whose SM-DP+
// notification is late.

type T = ReturnType<typeof inputs>;
const inlineUntilDirective = (t: T) =>
  [t.completed('inline'), t.reserved(), t.confirmed()] as const;

describe("the app's reports drive an inline purchase", () => {
  it('a success activation completes it before the SM-DP+ notification; the late notification is then recorded', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t)).when(t.activation('success'));
    expect(outcome.types).toEqual([
      'ActivationResultReported',
      'InstallationConfirmedByApp',
      'TimerCancelled',
    ]);
    expect(outcome.decision.events[1]?.data).toEqual({
      iccid: ICCID,
      source: 'activationResult',
      value: 'success',
    });
    expect(outcome.snapshot.value).toBe('completed');
    expect(purchaseViewOf(outcome.snapshot)?.status).toBe('completed');

    const late = given(...inlineUntilDirective(t), t.activation('success')).when(t.progress(4));
    expect(late.types).toEqual(['DownloadProgressReported']);
    expect(late.snapshot.value).toBe('completed');
    expect(late.snapshot.context.profile?.state).toBe('Installed');
  });

  it.each(['home', 'roaming', 'partner'])('a %s registration completes it', (state) => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t)).when(t.registration(state));
    expect(outcome.types).toEqual([
      'RegistrationStateChanged',
      'InstallationConfirmedByApp',
      'TimerCancelled',
    ]);
    expect(outcome.snapshot.value).toBe('completed');
  });

  it.each(['none', 'deregistered', 'searching', 'denied'])(
    'a %s registration is only recorded',
    (state) => {
      const t = inputs();
      const outcome = given(...inlineUntilDirective(t)).when(t.registration(state));
      expect(outcome.types).toEqual(['RegistrationStateChanged']);
      expect(outcome.snapshot.value).toBe('awaitingDownload');
    },
  );

  it('an unconfirmed purchase is completed by a later report', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t), t.timerFired('confirmationDeadline')).when(
      t.registration('home'),
    );
    expect(outcome.snapshot.value).toBe('completed');
  });

  it('a failed activation is an LPA error, not a confirmation', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t)).when(t.activation('cardBusy'));
    expect(outcome.types).toEqual(['LpaErrorReported']);
    expect(outcome.snapshot.value).toBe('awaitingDownload');
  });

  it('a report for another SIM is rejected and changes nothing', () => {
    const t = inputs();
    const outcome = given(...inlineUntilDirective(t)).when(t.activation('success', ICCID_2));
    expect(outcome.decision).toMatchObject({
      outcome: 'rejected',
      rejection: { code: 'UNKNOWN_PROFILE' },
    });
    expect(outcome.snapshot.value).toBe('awaitingDownload');
  });

  it('only an inline purchase: the asynchronous flow still waits for its network and the SM-DP+', () => {
    const t = inputs();
    const outcome = given(t.completed('asyncConnectivity'), t.reserved(), t.confirmed()).when(
      t.activation('success'),
    );
    expect(outcome.types).toEqual(['ActivationResultReported']);
    expect(outcome.snapshot.value).toBe('awaitingDownload');
  });

  it('a purchase recorded before the reports counted (no deadline) is completed by one too', () => {
    const t = inputs();
    const outcome = givenWith(
      { ...seedSettings, confirmationTimeoutSeconds: null },
      ...inlineUntilDirective(t),
    ).when(t.activation('success'));
    expect(outcome.types).toEqual(['ActivationResultReported', 'InstallationConfirmedByApp']);
  });
});
