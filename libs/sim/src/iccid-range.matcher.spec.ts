import fc from 'fast-check';
import { findRange, isInRange, rangeWithin } from './iccid-range.matcher';
import { digits } from './testing/sim.arbitraries';

const RANGE = { start: '8988247000100000000', end: '8988247000109999999' };
const OTHER = { start: '8988247000200000000', end: '8988247000200000099' };

describe('ICCID range matching', () => {
  it('includes both bounds', () => {
    expect(isInRange(RANGE, RANGE.start)).toBe(true);
    expect(isInRange(RANGE, RANGE.end)).toBe(true);
    expect(isInRange(RANGE, '8988247000100003319')).toBe(true);
  });

  it('excludes the neighbours of the bounds', () => {
    expect(isInRange(RANGE, '8988247000099999999')).toBe(false);
    expect(isInRange(RANGE, '8988247000110000000')).toBe(false);
  });

  it('never matches an ICCID of another length, even one that sorts inside', () => {
    expect(isInRange(RANGE, '89882470001000033190')).toBe(false);
    expect(isInRange(RANGE, '898824700010000331')).toBe(false);
  });

  it('finds the first range that holds an ICCID', () => {
    expect(findRange([OTHER, RANGE], '8988247000100003319')).toBe(RANGE);
    expect(findRange([OTHER, RANGE], '8988247000200000042')).toBe(OTHER);
    expect(findRange([OTHER, RANGE], '8988247000300000000')).toBeUndefined();
    expect(findRange([], '8988247000100003319')).toBeUndefined();
  });

  it('tells whether a range lies inside another', () => {
    expect(rangeWithin(RANGE, RANGE)).toBe(true);
    expect(rangeWithin({ start: '8988247000100000000', end: '8988247000100000099' }, RANGE)).toBe(
      true,
    );
    expect(rangeWithin({ start: '8988247000109999900', end: '8988247000110000099' }, RANGE)).toBe(
      false,
    );
    expect(rangeWithin(RANGE, { start: '8988247000100000000', end: '8988247000100000099' })).toBe(
      false,
    );
  });

  it('orders equal-length decimal strings as the numbers they spell', () => {
    fc.assert(
      fc.property(digits(19), digits(19), digits(19), (a, b, x) => {
        const [start, end] = BigInt(a) <= BigInt(b) ? [a, b] : [b, a];
        const expected = BigInt(start) <= BigInt(x) && BigInt(x) <= BigInt(end);
        expect(isInRange({ start, end }, x)).toBe(expected);
      }),
    );
  });
});
