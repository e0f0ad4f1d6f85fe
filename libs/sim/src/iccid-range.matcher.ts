import { type IccidRange } from './iccid-range.types';

// Equal-length decimal strings order like the numbers they spell, so no BigInt is needed; a different length is
// a different numbering plan and never matches (D4, spec section 10).

/** True when `digits` lies in `range`, bounds included. */
export function isInRange(range: IccidRange, digits: string): boolean {
  return digits.length === range.start.length && range.start <= digits && digits <= range.end;
}

/** The first range of `ranges` holding `digits`, if any. */
export function findRange(ranges: readonly IccidRange[], digits: string): IccidRange | undefined {
  return ranges.find((range) => isInRange(range, digits));
}

/** True when every ICCID of `inner` also lies in `outer`. */
export function rangeWithin(inner: IccidRange, outer: IccidRange): boolean {
  return isInRange(outer, inner.start) && isInRange(outer, inner.end);
}
