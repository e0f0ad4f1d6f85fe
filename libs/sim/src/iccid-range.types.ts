/**
 * An inclusive ICCID range as COSA writes it: bounds of equal length (19 or 20 digits, `89…`), the start ending in
 * `00` and the end in `99`, so that a range covers whole blocks of 100 including the check digit.
 */
export interface IccidRange {
  readonly start: string;
  readonly end: string;
}

/** COSA ranges say which SIMs are this operator's; program ranges say which of them get Mobile Plans. */
export type RangeListName = 'cosa' | 'program';

export type IccidRangeIssueCode =
  | 'RANGE_LIST_EMPTY'
  | 'RANGE_SYNTAX'
  | 'RANGE_BOUND_NOT_DIGITS'
  | 'RANGE_BOUND_LENGTH'
  | 'RANGE_BOUND_PREFIX'
  | 'RANGE_START_SUFFIX'
  | 'RANGE_END_SUFFIX'
  | 'RANGE_LENGTH_MISMATCH'
  | 'RANGE_ORDER'
  | 'RANGE_OUTSIDE_COSA';

/** One problem in the range configuration, with a message fit to stop start-up with. */
export interface IccidRangeIssue {
  readonly code: IccidRangeIssueCode;
  readonly list: RangeListName;
  /** 1-based position of the range in its list; absent for problems of the whole list. */
  readonly position?: number;
  /** The range as written; absent for problems of the whole list. */
  readonly range?: string;
  /** Which bound is at fault, for problems of a single bound. */
  readonly bound?: 'start' | 'end';
  readonly message: string;
}
