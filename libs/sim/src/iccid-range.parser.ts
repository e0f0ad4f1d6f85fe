import { ICCID_MAX_DIGITS, ICCID_MIN_DIGITS } from './iccid.validator';
import { type IssueSubject, rangeIssue as issue } from './iccid-range.messages';
import { type IccidRange, type IccidRangeIssue, type RangeListName } from './iccid-range.types';

/** A well-formed range with where it was written, so later checks can name it the way the operator wrote it. */
export interface ParsedRange {
  readonly range: IccidRange;
  readonly position: number;
  readonly text: string;
}

/** Every well-formed range of a list, and every problem found; the list is usable only when `issues` is empty. */
export interface ParsedRangeList {
  readonly ranges: readonly ParsedRange[];
  readonly issues: readonly IccidRangeIssue[];
}

function boundIssues(value: string, bound: 'start' | 'end', at: IssueSubject): IccidRangeIssue[] {
  const subject = { ...at, bound };
  if (!/^[0-9]+$/.test(value)) return [issue('RANGE_BOUND_NOT_DIGITS', subject)];
  const issues: IccidRangeIssue[] = [];
  if (value.length < ICCID_MIN_DIGITS || value.length > ICCID_MAX_DIGITS) {
    issues.push(issue('RANGE_BOUND_LENGTH', subject));
  }
  if (!value.startsWith('89')) issues.push(issue('RANGE_BOUND_PREFIX', subject));
  // Whole blocks of 100 keep every ICCID of a block, whatever its check digit, on the same side of the range.
  if (bound === 'start' && !value.endsWith('00')) issues.push(issue('RANGE_START_SUFFIX', subject));
  if (bound === 'end' && !value.endsWith('99')) issues.push(issue('RANGE_END_SUFFIX', subject));
  return issues;
}

function rangeIssues(start: string, end: string, at: IssueSubject): IccidRangeIssue[] {
  const issues = [...boundIssues(start, 'start', at), ...boundIssues(end, 'end', at)];
  const bothDigits = /^[0-9]+$/.test(start) && /^[0-9]+$/.test(end);
  if (!bothDigits) return issues;
  if (start.length !== end.length) issues.push(issue('RANGE_LENGTH_MISMATCH', at));
  // Equal-length decimal strings order like the numbers they spell.
  else if (start > end) issues.push(issue('RANGE_ORDER', at));
  return issues;
}

/**
 * Parses `start-end;start-end`. Commas are accepted as well as semicolons, and empty entries are skipped, because
 * the lists are pasted from onboarding documents that end with a `;` or use either separator.
 */
export function parseIccidRangeList(text: string, list: RangeListName): ParsedRangeList {
  const entries = text
    .split(/[;,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return { ranges: [], issues: [issue('RANGE_LIST_EMPTY', { list })] };

  const ranges: ParsedRange[] = [];
  const issues: IccidRangeIssue[] = [];
  entries.forEach((entry, index) => {
    const at: IssueSubject = { list, position: index + 1, range: entry };
    const bounds = entry.split('-').map((bound) => bound.trim());
    const [start, end] = bounds;
    if (bounds.length !== 2 || !start || !end) {
      issues.push(issue('RANGE_SYNTAX', at));
      return;
    }
    const found = rangeIssues(start, end, at);
    if (found.length > 0) {
      issues.push(...found);
      return;
    }
    ranges.push({ range: { start, end }, position: index + 1, text: entry });
  });
  return { ranges, issues };
}
