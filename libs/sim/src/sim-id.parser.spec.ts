import fc from 'fast-check';
import { validateIccid } from './iccid.validator';
import { parseSimId } from './sim-id.parser';
import { validIccid } from './testing/sim.arbitraries';

const ICCID = '8988247000100003319';

describe('parseSimId (D3)', () => {
  it.each([
    ['the bare ICCID', ICCID],
    ['the iccid: form', `iccid:${ICCID}`],
    ['the iccid: form with a space, as %20 decodes', `iccid: ${ICCID}`],
    ['a bare ICCID with its filler', `${ICCID}F`],
    ['the iccid: form with a filler', `iccid:${ICCID}F`],
    ['the spaced form with a lower-case filler', `iccid: ${ICCID}f`],
    ['surrounding whitespace', `  iccid:${ICCID} `],
  ])('reads %s as the same SIM', (_label, raw) => {
    expect(parseSimId(raw)).toEqual({ ok: true, iccid: ICCID });
  });

  it.each([
    ['an empty id', '', 'ICCID_LENGTH'],
    ['the prefix alone', 'iccid:', 'ICCID_LENGTH'],
    ['a doubled prefix', `iccid:iccid:${ICCID}`, 'ICCID_NOT_DIGITS'],
    ['another scheme', `eid:${ICCID}`, 'ICCID_NOT_DIGITS'],
    ['an undecoded space', `iccid:%20${ICCID}`, 'ICCID_NOT_DIGITS'],
    ['a prefix in another case', `ICCID:${ICCID}`, 'ICCID_NOT_DIGITS'],
    ['a bad check digit', 'iccid:8988247000100003318', 'ICCID_LUHN'],
    ['a short number', 'iccid:898824700010000331', 'ICCID_LENGTH'],
    ['a non-telecom number', 'iccid:1212123000100295352', 'ICCID_PREFIX'],
  ])('reports %s as malformed, caused by %s', (_label, raw, cause) => {
    expect(parseSimId(raw)).toMatchObject({ ok: false, code: 'SIM_ID_MALFORMED', cause });
  });

  it('gives every accepted form of a valid ICCID the same result', () => {
    const forms = (iccid: string) => [
      iccid,
      `iccid:${iccid}`,
      `iccid: ${iccid}`,
      `${iccid}F`,
      `iccid:${iccid}F`,
      `iccid: ${iccid}f`,
    ];
    fc.assert(
      fc.property(validIccid, (iccid) => {
        forms(iccid).forEach((raw) => expect(parseSimId(raw)).toEqual({ ok: true, iccid }));
      }),
    );
  });

  it('accepts a bare id exactly when the ICCID rules do', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        fc.pre(!raw.trim().startsWith('iccid:'));
        expect(parseSimId(raw).ok).toBe(validateIccid(raw).ok);
      }),
    );
  });
});
