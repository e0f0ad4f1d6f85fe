import type { IccidRange, SimRanges } from '@mp/sim';

/** One COSA range with what the program makes of it. */
export interface CosaRangeExport extends IccidRange {
  readonly digits: number;
  /** The program ranges inside it (merged where they touch or overlap), in order. */
  readonly program: readonly IccidRange[];
  /** The rest of it: this operator's SIMs without Mobile Plans (GetBalance answers NOTSUPPORTED, D4). */
  readonly notInProgram: readonly IccidRange[];
}

export interface CosaRangesExport {
  readonly cosa: readonly CosaRangeExport[];
  /** The program ranges as the service configuration lists them (mobile-plans.md section 2): `start-end;…`. */
  readonly serviceConfiguration: string;
}

/**
 * The COSA ranges (Windows' COSA database: `ICCID Range - Start`, `ICCID Range - End`) with the program ranges
 * inside each, from validated settings: every program range lies inside one COSA range and every bound has the
 * length of its range (loadIccidRangeConfig), so equal-length decimal strings compare like their numbers.
 */
export function cosaRangesExport(ranges: SimRanges): CosaRangesExport {
  const cosa = sorted(ranges.cosa).map((outer): CosaRangeExport => {
    const inside = merge(sorted(ranges.program.filter((inner) => within(inner, outer))));
    return {
      start: outer.start,
      end: outer.end,
      digits: outer.start.length,
      program: inside,
      notInProgram: gaps(outer, inside),
    };
  });
  return {
    cosa,
    serviceConfiguration: merge(sorted(ranges.program))
      .map((range) => `${range.start}-${range.end}`)
      .join(';'),
  };
}

const within = (inner: IccidRange, outer: IccidRange): boolean =>
  inner.start.length === outer.start.length && outer.start <= inner.start && inner.end <= outer.end;

function sorted(ranges: readonly IccidRange[]): IccidRange[] {
  // Shorter numbering plans first, then by start.
  return [...ranges].sort(
    (a, b) =>
      a.start.length - b.start.length || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0),
  );
}

const plus = (digits: string, step: bigint): string =>
  (BigInt(digits) + step).toString().padStart(digits.length, '0');

/** Sorted ranges joined where they overlap or touch (ranges of different lengths never join). */
function merge(ranges: readonly IccidRange[]): IccidRange[] {
  const merged: IccidRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (
      last !== undefined &&
      last.start.length === range.start.length &&
      range.start <= plus(last.end, 1n)
    ) {
      if (range.end > last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
      continue;
    }
    merged.push(range);
  }
  return merged;
}

/** What `outer` holds besides the sorted, merged `inside`. */
function gaps(outer: IccidRange, inside: readonly IccidRange[]): IccidRange[] {
  const result: IccidRange[] = [];
  let next = outer.start;
  for (const range of inside) {
    if (range.start > next) result.push({ start: next, end: plus(range.start, -1n) });
    next = plus(range.end, 1n);
  }
  if (next.length === outer.end.length && next <= outer.end)
    result.push({ start: next, end: outer.end });
  return result;
}
