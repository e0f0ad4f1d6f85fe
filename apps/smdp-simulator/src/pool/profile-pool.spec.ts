import { type Iccid } from '@mp/sim';
import { generateIccids } from './iccid.generator';
import { ProfilePool } from './profile-pool';

const header = { functionRequesterIdentifier: 'op', functionCallIdentifier: 'fc' };
const EID = '89033023422130000000000199055797';
const OTHER_EID = '89033024010400000100000000009136';

function pool(size = 2): ProfilePool {
  let n = 0;
  return new ProfilePool(
    { profileTypes: ['standard'], iccids: () => generateIccids('8988247', 1000, size) },
    () => '2026-01-01T00:00:00.000Z',
    () => `MATCH-${(n += 1)}`,
  );
}

const reserve = (p: ProfilePool, eid?: string) => {
  const result = p.downloadOrder({ header, profileType: 'standard', ...(eid ? { eid } : {}) });
  if (!result.ok) throw new Error(result.message);
  return result.value.iccid as Iccid;
};

describe('the simulated SM-DP+ profile pool (SGP.22 states, section 14.3)', () => {
  it('walks Available → Linked → Confirmed → Released → Downloaded → Installed', () => {
    const p = pool();
    const iccid = reserve(p, EID);
    expect(p.get(iccid)?.state).toBe('Linked');

    expect(p.confirmOrder({ header, iccid, releaseFlag: false })).toMatchObject({
      ok: true,
      value: { eid: EID, matchingId: 'MATCH-1', released: false },
    });
    expect(p.releaseProfile({ header, iccid })).toEqual({ ok: true, value: {} });
    const profile = p.get(iccid)!;
    p.deviceStep(profile, 'Downloaded', 'device');
    p.deviceStep(profile, 'Installed', 'device');

    expect(profile.history.map((change) => change.to)).toEqual([
      'Linked',
      'Confirmed',
      'Released',
      'Downloaded',
      'Installed',
    ]);
  });

  it('allocates without an EID, and an SM-DS confirmation then needs one (8.1.1/2.2)', () => {
    const p = pool();
    const iccid = reserve(p);
    expect(p.get(iccid)?.state).toBe('Allocated');

    expect(
      p.confirmOrder({ header, iccid, releaseFlag: false, smdsAddress: 'lpa.ds.example' }),
    ).toMatchObject({ ok: false, subjectCode: '8.1.1', reasonCode: '2.2' });
  });

  it('refuses wrong transitions, unknown ICCIDs, EID conflicts and exhaustion with their codes', () => {
    const p = pool(1);
    const iccid = reserve(p, EID);

    expect(p.releaseProfile({ header, iccid })).toMatchObject({ reasonCode: '3.5' });
    expect(p.releaseProfile({ header, iccid: '8988247000100003319' })).toMatchObject({
      subjectCode: '8.2.1',
      reasonCode: '3.9',
    });
    expect(p.confirmOrder({ header, iccid, eid: OTHER_EID, releaseFlag: true })).toMatchObject({
      subjectCode: '8.1.1',
      reasonCode: '3.10',
    });
    expect(p.downloadOrder({ header, profileType: 'standard' })).toMatchObject({
      subjectCode: '8.2.5',
      reasonCode: '3.7',
    });
    expect(p.downloadOrder({ header, profileType: 'gold' })).toMatchObject({
      subjectCode: '8.2.5',
      reasonCode: '3.9',
    });
  });

  it('cancels back to Available (to the back of the queue), but not once downloaded', () => {
    const p = pool(2);
    const first = reserve(p, EID);
    p.confirmOrder({ header, iccid: first, releaseFlag: true });

    expect(
      p.cancelOrder({ header, iccid: first, finalProfileStatusIndicator: 'Available' }),
    ).toEqual({ ok: true, value: {} });
    expect(p.get(first)).toMatchObject({ state: 'Available', eid: null, matchingId: null });
    expect(reserve(p, EID)).not.toBe(first);

    const second = reserve(p, EID);
    expect(second).toBe(first);
    p.confirmOrder({ header, iccid: second, releaseFlag: true });
    p.deviceStep(p.get(second)!, 'Downloaded', 'device');
    expect(
      p.cancelOrder({ header, iccid: second, finalProfileStatusIndicator: 'Available' }),
    ).toMatchObject({ ok: false, reasonCode: '3.5' });
  });
});
