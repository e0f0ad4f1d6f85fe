import { z } from 'zod';

export const executionStatusSchema = z.enum([
  'Executed-Success',
  'Executed-WithWarning',
  'Failed',
  'Expired',
]);
export type ExecutionStatus = z.output<typeof executionStatusSchema>;

export const statusCodeDataSchema = z.looseObject({
  subjectCode: z.string().min(1),
  reasonCode: z.string().min(1),
  subjectIdentifier: z.string().optional(),
  message: z.string().optional(),
});
export type StatusCodeData = z.output<typeof statusCodeDataSchema>;

/** `header.functionExecutionStatus` of every ES2+ response (and `notificationPointStatus`). */
export const functionExecutionStatusSchema = z.looseObject({
  status: executionStatusSchema,
  statusCodeData: statusCodeDataSchema.optional(),
});
export type FunctionExecutionStatus = z.output<typeof functionExecutionStatusSchema>;

export const responseHeaderSchema = z.looseObject({
  functionExecutionStatus: functionExecutionStatusSchema,
});
export type ResponseHeader = z.output<typeof responseHeaderSchema>;

/** The body `header` of every ES2+ request. */
export const requestHeaderSchema = z.looseObject({
  functionRequesterIdentifier: z.string().min(1).max(256),
  functionCallIdentifier: z.string().min(1).max(256),
});
export type RequestHeader = z.output<typeof requestHeaderSchema>;

export function isSuccessStatus(status: ExecutionStatus): boolean {
  return status === 'Executed-Success' || status === 'Executed-WithWarning';
}
