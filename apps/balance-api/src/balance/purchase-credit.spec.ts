import { type PurchaseEvent } from '@mp/contracts';
import { decide, fold } from '@mp/purchase-machine';
import {
  ICCID,
  inputs,
  seedSettings,
  type Step,
} from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { creditOf } from './purchase-credit';

function history(...steps: Step[]): PurchaseEvent[] {
  let events: PurchaseEvent[] = [];
  for (const step of steps) {
    const input = typeof step === 'function' ? step(fold(events).context) : step;
    events = [...events, ...decide(events, input, seedSettings).events];
  }
  return events;
}

describe('which purchases credit a SIM', () => {
  it('a balance addition, at once, on its ICCID', () => {
    const given = inputs();

    expect(creditOf(history(given.completed('balanceAddition')))).toEqual({
      iccid: ICCID,
      completedAt: '2025-06-01T10:01:00.000Z',
      plan: expect.objectContaining({
        dataMB: 2048,
        validity: 'P30D',
        locations: ['US'],
      }) as unknown,
    });
  });

  it('an eSIM purchase once the profile is installed, from that moment', () => {
    const given = inputs();
    const ordered = [given.completed('inline'), given.reserved(), given.confirmed()];

    expect(creditOf(history(...ordered))).toBeNull();
    expect(creditOf(history(...ordered, given.progress(4)))).toMatchObject({
      iccid: ICCID,
      completedAt: '2025-06-01T10:04:00.000Z',
    });
  });

  it("an inline purchase whose SM-DP+ notification is late, from the app's report (ADR 0014)", () => {
    const searching = inputs();
    const reported = inputs();
    const until = (t: typeof searching) => [t.completed('inline'), t.reserved(), t.confirmed()];

    expect(creditOf(history(...until(searching), searching.registration('searching')))).toBeNull();
    const events = history(...until(reported), reported.activation('success'));
    const report = events.find((event) => event.type === 'ActivationResultReported');
    expect(creditOf(events)).toMatchObject({
      iccid: ICCID,
      completedAt: report?.metadata.occurredAt,
    });
  });

  it('an unconfirmed purchase (nobody reported in time), from the moment it became unconfirmed', () => {
    const given = inputs();
    const events = history(
      given.completed('inline'),
      given.reserved(),
      given.confirmed(),
      given.timerFired('confirmationDeadline'),
    );
    const unconfirmedAt = events.at(-1)?.metadata.occurredAt;

    expect(creditOf(events)).toMatchObject({ iccid: ICCID, completedAt: unconfirmedAt });
    // The late notification changes nothing: the credit stands from when it began.
    const late = decide(events, given.progress(4), seedSettings).events;
    expect(creditOf([...events, ...late])).toMatchObject({ completedAt: unconfirmedAt });
  });

  it('not an unconfirmed purchase whose network is still not provisioned', () => {
    const given = inputs();

    expect(
      creditOf(
        history(
          given.completed('asyncConnectivity'),
          given.reserved(),
          given.confirmed(),
          given.timerFired('confirmationDeadline'),
        ),
      ),
    ).toBeNull();
  });

  it('never a cancelled or failed purchase', () => {
    const given = inputs();

    expect(
      creditOf(history(given.completed('inline'), given.reserved(), given.cancelled())),
    ).toBeNull();
    expect(creditOf(history(given.failed()))).toBeNull();
  });
});
