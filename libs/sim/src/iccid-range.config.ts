import { rangeWithin } from './iccid-range.matcher';
import { rangeIssue } from './iccid-range.messages';
import { parseIccidRangeList } from './iccid-range.parser';
import { type IccidRange, type IccidRangeIssue } from './iccid-range.types';

declare const validatedRanges: unique symbol;

export interface SimRanges {
  readonly cosa: readonly IccidRange[];
  readonly program: readonly IccidRange[];
}

/**
 * Range configuration that passed `loadIccidRangeConfig`. Branded so the SIM gate can rely on its invariants, such
 * as every program range lying inside a COSA range, without checking them on each request.
 */
export type SimRangeConfig = SimRanges & { readonly [validatedRanges]: true };

/** The two settings as written, e.g. `8988247000100000000-8988247000199999999;…`. */
export interface SimRangeSettings {
  readonly cosa: string;
  readonly program: string;
}

export type SimRangeConfigResult =
  | { readonly ok: true; readonly config: SimRangeConfig }
  | { readonly ok: false; readonly issues: readonly IccidRangeIssue[] };

/**
 * Validates both range lists at start-up and reports every problem at once, so one failed deploy shows everything
 * to fix. Microsoft is given the same program ranges as COSA holds (spec section 10); a program range outside COSA
 * would name SIMs that Windows never asks about.
 */
export function loadIccidRangeConfig(settings: SimRangeSettings): SimRangeConfigResult {
  const cosa = parseIccidRangeList(settings.cosa, 'cosa');
  const program = parseIccidRangeList(settings.program, 'program');

  const cosaRanges = cosa.ranges.map((parsed) => parsed.range);
  const programRanges = program.ranges.map((parsed) => parsed.range);

  // Checked against the well-formed COSA ranges only: a broken COSA range is reported on its own above.
  const outside = program.ranges
    .filter((parsed) => !cosaRanges.some((outer) => rangeWithin(parsed.range, outer)))
    .map((parsed) =>
      rangeIssue('RANGE_OUTSIDE_COSA', {
        list: 'program',
        position: parsed.position,
        range: parsed.text,
      }),
    );

  const issues = [...cosa.issues, ...program.issues, ...outside];
  if (issues.length > 0) return { ok: false, issues };
  const ranges: SimRanges = { cosa: cosaRanges, program: programRanges };
  return { ok: true, config: ranges as SimRangeConfig };
}
