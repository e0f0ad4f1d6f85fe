import { z } from 'zod';
import { type SmdpFunction } from './es2plus.functions';
import {
  responseHeaderSchema,
  type FunctionExecutionStatus,
  type StatusCodeData,
} from './execution-status.schema';
import { matchingIdSchema, wireEidSchema, wireIccidSchema } from './es2plus-identifiers';

/** Response bodies as the operator receives them; unknown vendor fields are kept, not refused. */
export const downloadOrderResponseSchema = z.looseObject({
  header: responseHeaderSchema,
  iccid: wireIccidSchema.optional(),
});

export const confirmOrderResponseSchema = z.looseObject({
  header: responseHeaderSchema,
  eid: wireEidSchema.optional(),
  matchingId: matchingIdSchema.optional(),
  smdpAddress: z.string().min(1).optional(),
});

export const headerOnlyResponseSchema = z.looseObject({ header: responseHeaderSchema });

export const responseSchemas = {
  downloadOrder: downloadOrderResponseSchema,
  confirmOrder: confirmOrderResponseSchema,
  cancelOrder: headerOnlyResponseSchema,
  releaseProfile: headerOnlyResponseSchema,
} as const satisfies Record<SmdpFunction, z.ZodType>;

export type Es2Response<F extends SmdpFunction> = z.output<(typeof responseSchemas)[F]>;

/** A body with only the header, as the SM-DP+ answers a failure (and cancel/release successes). */
export interface HeaderOnlyBody {
  readonly header: { readonly functionExecutionStatus: FunctionExecutionStatus };
}

export function successBody<T extends object>(fields: T): HeaderOnlyBody & T {
  return { header: { functionExecutionStatus: { status: 'Executed-Success' } }, ...fields };
}

/** A `Failed` answer; only the statusCodeData fields are copied, whatever else `code` carries. */
export function failedBody(code: StatusCodeData): HeaderOnlyBody {
  const statusCodeData: StatusCodeData = {
    subjectCode: code.subjectCode,
    reasonCode: code.reasonCode,
    ...(code.subjectIdentifier === undefined ? {} : { subjectIdentifier: code.subjectIdentifier }),
    ...(code.message === undefined ? {} : { message: code.message }),
  };
  return { header: { functionExecutionStatus: { status: 'Failed', statusCodeData } } };
}
