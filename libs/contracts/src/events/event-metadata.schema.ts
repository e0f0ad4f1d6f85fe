import { z } from 'zod';
import { timestampSchema, transactionIdSchema } from '../common/identifiers.schema';

/**
 * Domain metadata of a purchase event. Kafka coordinates are not here: the host wraps events in its own envelope.
 * `eventId` is derived from the causing input's id and the event's index, so a replayed decision names its events
 * the same way.
 */
export const eventMetadataSchema = z.object({
  eventId: z.string().min(1),
  transactionId: transactionIdSchema,
  sequence: z.number().int().min(1),
  occurredAt: timestampSchema,
  causationId: z.string().min(1),
  schemaVersion: z.number().int().min(1),
});
export type EventMetadata = z.output<typeof eventMetadataSchema>;

export function purchaseEventSchema<TType extends string, TData extends z.ZodType>(
  type: TType,
  data: TData,
) {
  return z.object({ type: z.literal(type), data, metadata: eventMetadataSchema });
}
