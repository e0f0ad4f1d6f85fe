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

  it('never a cancelled or failed purchase', () => {
    const given = inputs();

    expect(
      creditOf(history(given.completed('inline'), given.reserved(), given.cancelled())),
    ).toBeNull();
    expect(creditOf(history(given.failed()))).toBeNull();
  });
});
