import fc from 'fast-check';
import { luhnCheckDigit, passesLuhn } from './luhn.checksum';
import { digits, otherDigit, referenceLuhnDigit, replaceAt } from './testing/sim.arbitraries';

describe('Luhn checksum', () => {
  it('accepts known numbers and rejects their neighbours', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
    expect(passesLuhn('8988247000100003319')).toBe(true);
    expect(passesLuhn('8988247000100003318')).toBe(false);
  });

  it('computes the check digit of known bodies', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('898824700010000331')).toBe('9');
    expect(luhnCheckDigit('8900000000000000000')).toBe('4');
    expect(luhnCheckDigit('890000000000000000')).toBe('3');
  });

  it('rejects a lone digit, which has no body to check', () => {
    expect(passesLuhn('0')).toBe(false);
  });

  it('agrees with the textbook formula on any body', () => {
    fc.assert(
      fc.property(digits(1, 40), (body) => {
        expect(luhnCheckDigit(body)).toBe(referenceLuhnDigit(body));
        expect(passesLuhn(body + referenceLuhnDigit(body))).toBe(true);
      }),
    );
  });

  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(digits(2, 30), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
        const valid = body + luhnCheckDigit(body);
        const index = at % valid.length;
        const broken = replaceAt(valid, index, otherDigit(valid.charAt(index), shift));
        expect(passesLuhn(broken)).toBe(false);
      }),
    );
  });
});
