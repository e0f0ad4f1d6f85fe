import { emptyDeciderState } from '@mp/purchase-machine';
import { ICCID } from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { inlineDecisions } from '../testing/decisions.fixture';
import { PurchaseStore } from '../state/purchase-store';
import { BatchWork } from './batch-work';

const decisions = (transactionId: string) => inlineDecisions(transactionId, 'reserved');

const at = '2026-12-03T07:00:00.000Z';
const parking = (transactionId: string) => ({
  kind: 'parked' as const,
  transactionId,
  at,
  error: { code: 'BOOM', message: 'failed' },
  attempts: 3,
  input: {
    source: { topic: 'inputs', partition: 0, offset: '7', key: transactionId },
    value: '{}',
  },
});
const release = (transactionId: string) => ({
  kind: 'released' as const,
  transactionId,
  at,
  redriveId: 'redrive-1',
  requestedBy: 'support',
  reason: 'fixed',
});

describe('BatchWork rolls a failed record back to its mark', () => {
  it('takes back decisions, reserved ICCIDs and parkings made after the mark, and keeps those before', () => {
    const store = new PurchaseStore();
    const work = new BatchWork(store, 0);
    const [acceptedA, reservedA] = decisions('tx-a');
    const [acceptedB, reservedB] = decisions('tx-b');
    work.appendDecision('tx-a', acceptedA!.events, acceptedA!.after);
    work.appendParking(parking('tx-p'));
    const before = { messages: work.messages.length, transitions: work.transitions };

    const mark = work.mark();
    work.appendDecision('tx-a', reservedA!.events, reservedA!.after);
    work.appendDecision('tx-b', acceptedB!.events, acceptedB!.after);
    work.appendDecision('tx-b', reservedB!.events, reservedB!.after);
    work.appendParking(release('tx-p'));
    work.appendParking(parking('tx-q'));
    work.timerDone('tx-a', 'timer-1');
    expect(work.ownerOfIccid(ICCID)).toBe('tx-b');
    work.rollback(mark);

    expect(work.state('tx-a')).toBe(acceptedA!.after);
    expect(work.state('tx-b')).toEqual(emptyDeciderState());
    expect(work.ownerOfIccid(ICCID)).toBeNull();
    expect(work.parked('tx-p')).toMatchObject({ attempts: 3 });
    expect(work.parked('tx-q')).toBeNull();
    expect({ messages: work.messages.length, transitions: work.transitions }).toEqual(before);

    // Only what was kept reaches the store, and a parking made after the rollback is numbered as if none had been.
    expect(work.appendParking(parking('tx-q')).sequence).toBe(1);
    work.applyTo(store);
    expect(store.state('tx-a')).toBe(acceptedA!.after);
    expect(store.ownerOfIccid(ICCID)).toBeNull();
    expect(store.parked('tx-p')).toMatchObject({ attempts: 3 });
    expect(store.lastParkingSequence('tx-q')).toBe(1);
  });
});
