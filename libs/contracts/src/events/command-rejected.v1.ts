import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

export const rejectionCodeSchema = z.enum([
  'INVALID_INPUT',
  'PURCHASE_METADATA_RULE',
  'TRANSACTION_MISMATCH',
  'UNKNOWN_PURCHASE',
  'NOT_ACCEPTED_IN_STATE',
  'STALE_SMDP_RESULT',
  'INVALID_SMDP_RESPONSE',
  'UNKNOWN_PROFILE',
  'TIMER_NOT_PENDING',
  'NO_DIRECTIVE_YET',
]);
export type RejectionCode = z.output<typeof rejectionCodeSchema>;

export const rejectionSchema = z.object({
  code: rejectionCodeSchema,
  reason: z.string(),
  parameter: z.string().nullable(),
});
export type Rejection = z.output<typeof rejectionSchema>;

/** An input the purchase did not accept, kept in its history so support can see it and redelivery is a no-op. */
export const commandRejectedV1Schema = purchaseEventSchema(
  'CommandRejected',
  z.object({ ...rejectionSchema.shape, inputKind: z.string(), state: z.string() }),
);
export type CommandRejected = z.output<typeof commandRejectedV1Schema>;
