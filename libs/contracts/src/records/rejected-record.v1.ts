import { z } from 'zod';
import { timestampSchema } from '../common/identifiers.schema';

/** Where a Kafka record came from. */
export const recordSourceSchema = z.object({
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  offset: z.string().regex(/^\d+$/),
  key: z.string().nullable(),
});
export type RecordSource = z.output<typeof recordSourceSchema>;

/**
 * A record that no purchase took as input (G8): kept with its reason where support can find it. `value` is the
 * original record value as UTF-8 text (cut to `maxRejectedValueLength`), since it may not even be JSON.
 */
export const rejectedRecordSchema = z.object({
  rejectionId: z.string().min(1),
  source: recordSourceSchema,
  transactionId: z.string().nullable(),
  code: z.string().min(1),
  reason: z.string(),
  parameter: z.string().nullable(),
  value: z.string(),
  rejectedAt: timestampSchema,
});
export type RejectedRecord = z.output<typeof rejectedRecordSchema>;

export const maxRejectedValueLength = 16_384;
