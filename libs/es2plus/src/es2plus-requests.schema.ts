import { z } from 'zod';
import { type Iccid } from '@mp/sim';
import {
  functionExecutionStatusSchema,
  requestHeaderSchema,
  type FunctionExecutionStatus,
  type RequestHeader,
} from './execution-status.schema';
import {
  matchingIdSchema,
  smdpHeldIccidSchema,
  wireEidSchema,
  wireIccidSchema,
} from './es2plus-identifiers';
import { ReasonCodes, SubjectCodes } from './status-codes';

/**
 * Request bodies of the SM-DP+ side functions and HandleDownloadProgressInfo (section 14.2), as a peer receives
 * them. Each field names its mandatory-ness and its SGP.22 subject code, so a bad request gets the precise
 * `Failed` answer (2.2 missing, 2.1 invalid) for that element.
 */
export interface FieldRule {
  readonly schema: z.ZodType;
  readonly subjectCode: string;
  readonly mandatory: boolean;
}

const field = (schema: z.ZodType, subjectCode: string, mandatory = false): FieldRule => ({
  schema,
  subjectCode,
  mandatory,
});

const header = field(requestHeaderSchema, SubjectCodes.function, true);
// The SM-DP+ side functions take any ICCID an SM-DP+ may hold (it must take back an 18-digit one it handed out);
// HandleDownloadProgressInfo, which the operator receives, applies the operator's own rule.
const iccid = (mandatory: boolean) => field(smdpHeldIccidSchema, SubjectCodes.iccid, mandatory);
const operatorIccid = field(wireIccidSchema, SubjectCodes.iccid, true);
const eid = field(wireEidSchema, SubjectCodes.eid);
const matchingId = field(matchingIdSchema, SubjectCodes.matchingId);

export const downloadOrderFields = {
  header,
  eid,
  iccid: iccid(false),
  profileType: field(z.string().min(1).max(64), SubjectCodes.profileType),
};

export const confirmOrderFields = {
  header,
  iccid: iccid(true),
  eid,
  matchingId,
  confirmationCode: field(z.string().min(1), SubjectCodes.confirmationCode),
  smdsAddress: field(z.string().min(1).max(255), SubjectCodes.smds),
  releaseFlag: field(z.boolean(), SubjectCodes.function, true),
};

export const cancelOrderFields = {
  header,
  iccid: iccid(true),
  eid,
  matchingId,
  finalProfileStatusIndicator: field(
    z.enum(['Available', 'Unavailable']),
    SubjectCodes.iccid,
    true,
  ),
};

export const releaseProfileFields = { header, iccid: iccid(true) };

/**
 * SGP.22 shows notificationPointId as a JSON integer; osmocom pySim (and other SM-DP+ implementations) send it as a
 * decimal string ("3"). Both are accepted: a canonical decimal of at most nine digits, no sign, no leading zero.
 */
const notificationPointIdSchema = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,8})$/, 'must be an integer or a decimal string')
    .transform(Number),
]);

export const handleDownloadProgressInfoFields = {
  header,
  eid,
  iccid: operatorIccid,
  profileType: field(z.string().min(1), SubjectCodes.profileType, true),
  // YYYY-MM-DDThh:mm:ssTZD; fractions accepted, peers differ.
  timestamp: field(z.iso.datetime({ offset: true }), SubjectCodes.function, true),
  notificationPointId: field(notificationPointIdSchema, SubjectCodes.function, true),
  notificationPointStatus: field(functionExecutionStatusSchema, SubjectCodes.function, true),
  resultData: field(z.string(), SubjectCodes.function),
};

type Fields = Readonly<Record<string, FieldRule>>;

export type RequestValidation<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly subjectCode: string;
      readonly reasonCode: string;
      readonly subjectIdentifier: string;
      readonly message: string;
    };

/** Checks the body against a field table: the first missing mandatory element, then the first invalid one. */
function validateFields<T>(fields: Fields, body: unknown): RequestValidation<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      subjectCode: SubjectCodes.function,
      reasonCode: ReasonCodes.invalid,
      subjectIdentifier: 'body',
      message: 'the request body must be a JSON object',
    };
  }
  const record = body as Record<string, unknown>;
  for (const [name, rule] of Object.entries(fields)) {
    if (rule.mandatory && (record[name] === undefined || record[name] === null)) {
      return {
        ok: false,
        subjectCode: rule.subjectCode,
        reasonCode: ReasonCodes.mandatoryElementMissing,
        subjectIdentifier: name,
        message: `mandatory element ${name} is missing`,
      };
    }
  }
  const value: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(fields)) {
    if (record[name] === undefined || record[name] === null) continue;
    const parsed = rule.schema.safeParse(record[name]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [name, ...(issue?.path ?? []).map(String)].join('.');
      return {
        ok: false,
        subjectCode: rule.subjectCode,
        reasonCode: ReasonCodes.invalid,
        subjectIdentifier: name,
        message: `element ${path} is invalid: ${issue?.message ?? 'invalid value'}`,
      };
    }
    value[name] = parsed.data;
  }
  return { ok: true, value: value as T };
}

export interface DownloadOrderRequest {
  readonly header: RequestHeader;
  readonly eid?: string;
  readonly iccid?: string;
  readonly profileType?: string;
}

export interface ConfirmOrderRequest {
  readonly header: RequestHeader;
  readonly iccid: string;
  readonly eid?: string;
  readonly matchingId?: string;
  readonly confirmationCode?: string;
  readonly smdsAddress?: string;
  readonly releaseFlag: boolean;
}

export interface CancelOrderRequest {
  readonly header: RequestHeader;
  readonly iccid: string;
  readonly eid?: string;
  readonly matchingId?: string;
  readonly finalProfileStatusIndicator: 'Available' | 'Unavailable';
}

export interface ReleaseProfileRequest {
  readonly header: RequestHeader;
  readonly iccid: string;
}

export interface HandleDownloadProgressInfoRequest {
  readonly header: RequestHeader;
  readonly eid?: string;
  readonly iccid: Iccid;
  readonly profileType: string;
  readonly timestamp: string;
  readonly notificationPointId: number;
  readonly notificationPointStatus: FunctionExecutionStatus;
  readonly resultData?: string;
}

export const parseDownloadOrderRequest = (body: unknown) =>
  validateFields<DownloadOrderRequest>(downloadOrderFields, body);
export const parseConfirmOrderRequest = (body: unknown) =>
  validateFields<ConfirmOrderRequest>(confirmOrderFields, body);
export const parseCancelOrderRequest = (body: unknown) =>
  validateFields<CancelOrderRequest>(cancelOrderFields, body);
export const parseReleaseProfileRequest = (body: unknown) =>
  validateFields<ReleaseProfileRequest>(releaseProfileFields, body);
export const parseHandleDownloadProgressInfoRequest = (body: unknown) =>
  validateFields<HandleDownloadProgressInfoRequest>(handleDownloadProgressInfoFields, body);
