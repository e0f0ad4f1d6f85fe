import {
  type IccidRangeIssue,
  type IccidRangeIssueCode,
  type RangeListName,
} from './iccid-range.types';
import { unreachable } from './unreachable.guard';

export interface IssueSubject {
  readonly list: RangeListName;
  readonly position?: number;
  readonly range?: string;
  readonly bound?: 'start' | 'end';
}

function listLabel(list: RangeListName): string {
  switch (list) {
    case 'cosa':
      return 'COSA';
    case 'program':
      return 'Mobile Plans program';
    default:
      return unreachable(list);
  }
}

function problem(code: IccidRangeIssueCode, bound: string): string {
  switch (code) {
    case 'RANGE_LIST_EMPTY':
      return 'no ICCID range is configured; write start-end pairs separated by ";"';
    case 'RANGE_SYNTAX':
      return 'must be written start-end';
    case 'RANGE_BOUND_NOT_DIGITS':
      return `${bound} must contain decimal digits only`;
    case 'RANGE_BOUND_LENGTH':
      return `${bound} must have 19 or 20 digits`;
    case 'RANGE_BOUND_PREFIX':
      return `${bound} must start with 89`;
    case 'RANGE_START_SUFFIX':
      return 'start must end in 00';
    case 'RANGE_END_SUFFIX':
      return 'end must end in 99';
    case 'RANGE_LENGTH_MISMATCH':
      return 'start and end must have the same number of digits';
    case 'RANGE_ORDER':
      return 'start must not be greater than end';
    case 'RANGE_OUTSIDE_COSA':
      return 'lies inside no valid COSA range';
    default:
      return unreachable(code);
  }
}

// Names the list, the position and the range as written, so an operator can find the entry to fix.
function rangeIssueMessage(code: IccidRangeIssueCode, subject: IssueSubject): string {
  const label = listLabel(subject.list);
  const where =
    subject.position === undefined
      ? `${label} ICCID ranges`
      : `${label} ICCID range #${subject.position} "${subject.range ?? ''}"`;
  return `${where}: ${problem(code, subject.bound ?? 'bound')}`;
}

export function rangeIssue(code: IccidRangeIssueCode, subject: IssueSubject): IccidRangeIssue {
  return { code, ...subject, message: rangeIssueMessage(code, subject) };
}
