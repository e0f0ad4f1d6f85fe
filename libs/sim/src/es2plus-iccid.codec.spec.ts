import fc from 'fast-check';
import { fromEs2plusIccid, toEs2plusIccid } from './es2plus-iccid.codec';
import { type Iccid, validateIccid } from './iccid.validator';
import { validIccid } from './testing/sim.arbitraries';

function iccid(text: string): Iccid {
  const result = validateIccid(text);
  if (!result.ok) throw new Error(`test fixture ${text} is not a valid ICCID`);
  return result.iccid;
}

describe('ES2+ ICCID wire form', () => {
  it('pads a 19-digit ICCID with an F filler to 20 characters', () => {
    expect(toEs2plusIccid(iccid('8988247000100003319'))).toBe('8988247000100003319F');
  });

  it('sends a 20-digit ICCID as it is', () => {
    expect(toEs2plusIccid(iccid('89000000000000000004'))).toBe('89000000000000000004');
  });

  it('reads the filler back off', () => {
    expect(fromEs2plusIccid('8988247000100003319F')).toEqual({
      ok: true,
      iccid: '8988247000100003319',
    });
    expect(fromEs2plusIccid('89000000000000000004')).toEqual({
      ok: true,
      iccid: '89000000000000000004',
    });
  });

  it('rejects a malformed wire value with the ICCID codes', () => {
    expect(fromEs2plusIccid('8988247000100003318F')).toMatchObject({
      ok: false,
      code: 'ICCID_LUHN',
    });
  });

  it('round-trips every valid ICCID through 20 wire characters', () => {
    fc.assert(
      fc.property(validIccid, (text) => {
        const wire = toEs2plusIccid(iccid(text));
        expect(wire).toHaveLength(20);
        expect(fromEs2plusIccid(wire)).toEqual({ ok: true, iccid: text });
      }),
    );
  });
});
