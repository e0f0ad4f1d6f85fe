import fc from 'fast-check';
import { validateIccid } from './iccid.validator';
import {
  digits,
  iccidBody,
  otherDigit,
  referenceLuhnDigit,
  replaceAt,
  validIccid,
} from './testing/sim.arbitraries';

const codeOf = (raw: string) => {
  const result = validateIccid(raw);
  return result.ok ? 'ok' : result.code;
};

describe('validateIccid', () => {
  it.each([
    '8988247000100003319',
    '8988247000101867183',
    '8988247000103824828',
    '8988247000101997790',
    '8988247000100297655',
  ])('accepts the spec example %s as it is', (iccid) => {
    expect(validateIccid(iccid)).toEqual({ ok: true, iccid });
  });

  it.each(['8900000000000000003', '89000000000000000004'])(
    'accepts the valid all-zero variant %s',
    (iccid) => {
      expect(validateIccid(iccid)).toEqual({ ok: true, iccid });
    },
  );

  // Spec section 15.1 offers 89000000000000000003 as "a valid variant", but its Luhn sum is 19: the valid
  // 20-digit variant ends in 4, and the 19-digit 8900000000000000003 is the one ending in 3.
  it.each(['89000000000000000000', '8900000000000000001', '89000000000000000003'])(
    'rejects the documentation placeholder %s on its Luhn digit',
    (iccid) => {
      expect(validateIccid(iccid)).toEqual({
        ok: false,
        code: 'ICCID_LUHN',
        reason: 'ICCID fails its Luhn check digit',
      });
    },
  );

  it('rejects the 18-digit typo of the documents on its length', () => {
    expect(validateIccid('988247000100003555')).toEqual({
      ok: false,
      code: 'ICCID_LENGTH',
      reason: 'ICCID must have 19 or 20 digits, got 18',
    });
  });

  it('trims surrounding whitespace', () => {
    expect(validateIccid(' \t8988247000100003319\n')).toEqual({
      ok: true,
      iccid: '8988247000100003319',
    });
  });

  it.each(['8988247000100003319F', '8988247000100003319f', ' 8988247000100003319F '])(
    'drops the BCD filler of %j',
    (raw) => {
      expect(validateIccid(raw)).toEqual({ ok: true, iccid: '8988247000100003319' });
    },
  );

  it('drops only one filler', () => {
    expect(codeOf('8988247000100003319FF')).toBe('ICCID_NOT_DIGITS');
  });

  it.each([
    ['an empty string', '', 'ICCID_LENGTH'],
    ['whitespace only', '   ', 'ICCID_LENGTH'],
    ['a lone filler', 'F', 'ICCID_LENGTH'],
    ['a letter inside', '89882470001000033A9', 'ICCID_NOT_DIGITS'],
    ['an inner space', '8988247000 100003319', 'ICCID_NOT_DIGITS'],
    ['a sign', '+8988247000100003319', 'ICCID_NOT_DIGITS'],
    ['non-ASCII digits', '٨٩٨٨٢٤٧٠٠٠١٠٠٠٠٣٣١٩', 'ICCID_NOT_DIGITS'],
    ['a leading filler', 'F8988247000100003319', 'ICCID_NOT_DIGITS'],
    ['18 digits', '898824700010000331', 'ICCID_LENGTH'],
    ['21 digits', '898824700010000331900', 'ICCID_LENGTH'],
    ['a non-telecom prefix', '1212123000100295352', 'ICCID_PREFIX'],
    ['a prefix of 98', '9888247000100003319', 'ICCID_PREFIX'],
    ['a wrong check digit', '8988247000100003318', 'ICCID_LUHN'],
  ])('rejects %s with %s', (_label, raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  it('explains a failure without repeating the input', () => {
    const result = validateIccid('8988247000100003318');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toContain('8988247000100003318');
  });

  it('accepts any 18- or 19-digit 89 body completed with its Luhn digit', () => {
    fc.assert(
      fc.property(iccidBody, (body) => {
        const iccid = body + referenceLuhnDigit(body);
        expect(validateIccid(iccid)).toEqual({ ok: true, iccid });
      }),
    );
  });

  it('rejects a valid ICCID with any single digit changed', () => {
    fc.assert(
      fc.property(validIccid, fc.nat(), fc.integer({ min: 1, max: 9 }), (iccid, at, shift) => {
        const index = at % iccid.length;
        const changed = replaceAt(iccid, index, otherDigit(iccid.charAt(index), shift));
        // Changing the 89 is caught by the prefix rule first; any other digit by the Luhn check.
        expect(codeOf(changed)).toBe(index < 2 ? 'ICCID_PREFIX' : 'ICCID_LUHN');
      }),
    );
  });

  it('normalises an ICCID and the same ICCID with its filler equally', () => {
    fc.assert(
      fc.property(digits(0, 22), fc.constantFrom('F', 'f'), (text, filler) => {
        expect(validateIccid(text + filler)).toEqual(validateIccid(text));
      }),
    );
  });

  it('accepts exactly 19 or 20 digits', () => {
    fc.assert(
      fc.property(digits(0, 30), (rest) => {
        const body = `89${rest}`;
        const candidate = body + referenceLuhnDigit(body);
        const lengthOk = candidate.length === 19 || candidate.length === 20;
        expect(codeOf(candidate)).toBe(lengthOk ? 'ok' : 'ICCID_LENGTH');
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const result = validateIccid(raw);
        if (result.ok) expect(result.iccid).toMatch(/^89[0-9]{17,18}$/);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
