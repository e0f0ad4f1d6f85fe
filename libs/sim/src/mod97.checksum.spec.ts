import fc from 'fast-check';
import { mod97CheckDigits, passesMod97 } from './mod97.checksum';
import { digits, referenceMod97Digits } from './testing/sim.arbitraries';

describe('ISO 7064 MOD 97-10 checksum', () => {
  it('accepts the EIDs of the Microsoft documents', () => {
    expect(passesMod97('89033023422130000000000199055797')).toBe(true);
    expect(passesMod97('89033024010400000100000000009136')).toBe(true);
    expect(passesMod97('89033023422130000000000199272786')).toBe(true);
  });

  it('computes the check digits of those EIDs from their bodies', () => {
    expect(mod97CheckDigits('890330234221300000000001990557')).toBe('97');
    expect(mod97CheckDigits('890330240104000001000000000091')).toBe('36');
    expect(mod97CheckDigits('890330234221300000000001992727')).toBe('86');
  });

  it('pads check digits below 10 with a zero', () => {
    fc.assert(
      fc.property(digits(30), (body) => {
        expect(mod97CheckDigits(body)).toMatch(/^[0-9]{2}$/);
      }),
    );
    // 98 − (1·100 mod 97) = 95; 98 − (96·100 mod 97) = 98 − 94 = 4 → "04".
    expect(mod97CheckDigits('1')).toBe('95');
    expect(mod97CheckDigits('96')).toBe('04');
  });

  it('rejects an empty string and a number whose remainder is not 1', () => {
    expect(passesMod97('')).toBe(false);
    expect(passesMod97('89033023422130000000000199055798')).toBe(false);
  });

  it('agrees with the SGP.29 formula on any body', () => {
    fc.assert(
      fc.property(digits(1, 40), (body) => {
        expect(mod97CheckDigits(body)).toBe(referenceMod97Digits(body));
        expect(passesMod97(body + referenceMod97Digits(body))).toBe(true);
      }),
    );
  });
});
