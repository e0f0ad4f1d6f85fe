import fc from 'fast-check';
import { validateEid } from './eid.validator';
import {
  digits,
  otherDigit,
  referenceMod97Digits,
  replaceAt,
  validEid,
} from './testing/sim.arbitraries';

const codeOf = (raw: string) => {
  const result = validateEid(raw);
  return result.ok ? 'ok' : result.code;
};

describe('validateEid', () => {
  it.each([
    '89033023422130000000000199055797',
    '89033024010400000100000000009136',
    '89033023422130000000000199272786',
  ])('accepts the spec example %s', (eid) => {
    expect(validateEid(eid)).toEqual({ ok: true, eid });
  });

  it('trims surrounding whitespace', () => {
    expect(validateEid(' 89033023422130000000000199055797\n')).toEqual({
      ok: true,
      eid: '89033023422130000000000199055797',
    });
  });

  it.each([
    ['an empty string', '', 'EID_LENGTH'],
    ['a letter', '8903302342213000000000019905579A', 'EID_NOT_DIGITS'],
    ['a trailing filler', '89033023422130000000000199055797F', 'EID_NOT_DIGITS'],
    ['an inner space', '8903302342213000 0000000199055797', 'EID_NOT_DIGITS'],
    ['31 digits', '8903302342213000000000019905579', 'EID_LENGTH'],
    ['33 digits', '890330234221300000000001990557970', 'EID_LENGTH'],
    ['another prefix', '98033023422130000000000199055797', 'EID_PREFIX'],
    ['wrong check digits', '89033023422130000000000199055798', 'EID_CHECKSUM'],
    ['an ICCID', '8988247000100003319', 'EID_LENGTH'],
  ])('rejects %s with %s', (_label, raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  it('states the rule it applied', () => {
    expect(validateEid('8903302342213000000000019905579')).toEqual({
      ok: false,
      code: 'EID_LENGTH',
      reason: 'EID must have exactly 32 digits, got 31',
    });
    expect(validateEid('89033023422130000000000199055798')).toEqual({
      ok: false,
      code: 'EID_CHECKSUM',
      reason: 'EID fails its ISO 7064 MOD 97-10 check digits',
    });
  });

  it('accepts any 30-digit 89 body completed with its MOD 97-10 check digits', () => {
    fc.assert(
      fc.property(digits(28), (rest) => {
        const body = `89${rest}`;
        const eid = body + referenceMod97Digits(body);
        expect(validateEid(eid)).toEqual({ ok: true, eid });
      }),
    );
  });

  it('rejects a valid EID with any single digit changed', () => {
    fc.assert(
      fc.property(validEid, fc.nat(), fc.integer({ min: 1, max: 9 }), (eid, at, shift) => {
        const index = at % eid.length;
        const changed = replaceAt(eid, index, otherDigit(eid.charAt(index), shift));
        expect(codeOf(changed)).toBe(index < 2 ? 'EID_PREFIX' : 'EID_CHECKSUM');
      }),
    );
  });

  it('rejects a 32-digit 89 number unless it is 1 modulo 97', () => {
    fc.assert(
      fc.property(digits(30), (rest) => {
        const candidate = `89${rest}`;
        expect(codeOf(candidate)).toBe(BigInt(candidate) % 97n === 1n ? 'ok' : 'EID_CHECKSUM');
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const result = validateEid(raw);
        if (result.ok) expect(result.eid).toMatch(/^89[0-9]{30}$/);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
