import { z } from 'zod';
import { type Iccid } from '@mp/sim';
import { type SmdpFunction } from './es2plus.functions';
import { isSuccessStatus, type StatusCodeData } from './execution-status.schema';
import { releasableIccid } from './es2plus-identifiers';
import { headerOnlyResponseSchema, responseSchemas } from './es2plus-responses.schema';
import { Es2StatusCodes, sameStatusCode, type Es2StatusCodeName } from './status-codes';

/** What an HTTP 200 answer of the SM-DP+ means for the purchase: the domain outcome of the call. */
export type Es2CallOutcome =
  | {
      readonly status: 'succeeded';
      readonly response: {
        readonly iccid?: Iccid;
        readonly eid?: string;
        readonly matchingId?: string;
        readonly smdpAddress?: string;
      };
    }
  | {
      readonly status: 'failed';
      readonly subjectCode: string;
      readonly reasonCode: string;
      readonly message?: string;
    }
  /**
   * A well-formed ES2+ answer that reports success with data the operator cannot use (an 18-digit ICCID, a
   * DownloadOrder without one). The SM-DP+ did act: retrying would get the same answer. `reservedIccid` is what
   * the SM-DP+ said it reserved, as sent, when it can be named in a CancelOrder (docs/adr/0025).
   */
  | {
      readonly status: 'unusable';
      readonly reason: string;
      readonly reservedIccid?: string;
    };

/** A 200 answer that is not an ES2+ response at all: a protocol error, retried like a transport error. */
export class MalformedEs2Response extends Error {
  readonly code = 'ES2_MALFORMED_RESPONSE';
}

/**
 * Reads `functionExecutionStatus` (an HTTP 200 with `Failed` is a failure, section 14.1) and the function's
 * response fields. `Expired` has no statusCodeData of its own; it becomes 4.10 (time to live expired).
 */
export function toCallOutcome(fn: SmdpFunction, body: unknown): Es2CallOutcome {
  const answer = headerOnlyResponseSchema.safeParse(body);
  if (!answer.success) {
    throw new MalformedEs2Response(
      `${fn} answer is not an ES2+ response: ${z.prettifyError(answer.error)}`,
    );
  }
  const { status, statusCodeData } = answer.data.header.functionExecutionStatus;
  if (!isSuccessStatus(status)) return failedOutcome(statusCodeData, status === 'Expired');
  const parsed = responseSchemas[fn].safeParse(body);
  if (!parsed.success) return unusable(fn, body, z.prettifyError(parsed.error));
  if (fn === 'downloadOrder' && (parsed.data as { iccid?: unknown }).iccid === undefined)
    return unusable(fn, body, 'a DownloadOrder success must carry the ICCID');
  const data = parsed.data as {
    iccid?: Iccid;
    eid?: string;
    matchingId?: string;
    smdpAddress?: string;
  };
  const response = {
    ...(data.iccid === undefined ? {} : { iccid: data.iccid }),
    ...(data.eid === undefined ? {} : { eid: data.eid }),
    ...(data.matchingId === undefined ? {} : { matchingId: data.matchingId }),
    ...(data.smdpAddress === undefined ? {} : { smdpAddress: data.smdpAddress }),
  };
  return { status: 'succeeded', response };
}

function unusable(fn: SmdpFunction, body: unknown, why: string): Es2CallOutcome {
  const reservedIccid =
    fn === 'downloadOrder' ? releasableIccid((body as { iccid?: unknown }).iccid) : undefined;
  return {
    status: 'unusable',
    reason: `${fn} succeeded with an answer this operator cannot use: ${why.slice(0, 300)}`,
    ...(reservedIccid === undefined ? {} : { reservedIccid }),
  };
}

function failedOutcome(data: StatusCodeData | undefined, expired: boolean): Es2CallOutcome {
  if (data === undefined) {
    return {
      status: 'failed',
      subjectCode: '1.6',
      reasonCode: expired ? '4.10' : '4.2',
      message: expired ? 'the function expired' : 'Failed without statusCodeData',
    };
  }
  return {
    status: 'failed',
    subjectCode: data.subjectCode,
    reasonCode: data.reasonCode,
    ...(data.message === undefined ? {} : { message: data.message }),
  };
}

/** The named situation of a subject/reason pair, e.g. `inventoryExhausted` for 8.2.5/3.7; undefined if unnamed. */
export function nameStatusCode(code: {
  subjectCode: string;
  reasonCode: string;
}): Es2StatusCodeName | undefined {
  return (Object.keys(Es2StatusCodes) as Es2StatusCodeName[]).find((name) =>
    sameStatusCode(Es2StatusCodes[name], code),
  );
}

/**
 * Retry policy of section 14.4: a `Failed` answer is a business answer, never retried blindly (the purchase goes
 * to compensation). Only transport trouble, timeouts and 5xx are retried, with the same functionCallIdentifier.
 */
export function isRetriableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export type Es2FailureCategory =
  | 'inventoryExhausted'
  | 'invalidTransition'
  | 'unknownResource'
  | 'conflict'
  | 'notAllowed'
  | 'invalidRequest'
  | 'other';

/** A coarse class of a failure, for metrics labels and alerts (reasons of section 14.4). */
export function failureCategory(code: {
  subjectCode: string;
  reasonCode: string;
}): Es2FailureCategory {
  if (sameStatusCode(code, Es2StatusCodes.inventoryExhausted)) return 'inventoryExhausted';
  switch (code.reasonCode) {
    case '3.5':
      return 'invalidTransition';
    case '1.1':
    case '3.9':
      return 'unknownResource';
    case '3.3':
    case '3.10':
    case '3.11':
      return 'conflict';
    case '1.2':
    case '3.8':
      return 'notAllowed';
    case '2.1':
    case '2.2':
    case '2.3':
      return 'invalidRequest';
    default:
      return 'other';
  }
}
