import { z } from 'zod';
import { timestampSchema, transactionIdSchema } from '../common/identifiers.schema';
import { recordSourceSchema } from './rejected-record.v1';

/** An input held for a parked purchase: the original record, in the order it arrived. */
export const heldInputSchema = z.object({
  source: recordSourceSchema,
  value: z.string(),
});
export type HeldInput = z.output<typeof heldInputSchema>;

/**
 * The parking of one purchase (G7). `parked`: processing an input failed after bounded retries; the input is
 * held with the error. `held`: a later input for the parked purchase, kept to run after a redrive. `released`:
 * support redrove it; what was held runs again, in order. `sequence` numbers a purchase's parking records 1, 2, 3…
 * so that a reader applies each exactly once.
 */
const parkingShape = {
  transactionId: transactionIdSchema,
  sequence: z.number().int().min(1),
  at: timestampSchema,
};

export const parkingRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('parked'),
    ...parkingShape,
    error: z.object({ code: z.string(), message: z.string() }),
    attempts: z.number().int().min(1),
    input: heldInputSchema,
  }),
  z.object({
    kind: z.literal('held'),
    ...parkingShape,
    input: heldInputSchema,
  }),
  z.object({
    kind: z.literal('released'),
    ...parkingShape,
    redriveId: z.string().min(1),
    requestedBy: z.string().min(1),
    reason: z.string().min(1),
  }),
]);
export type ParkingRecord = z.output<typeof parkingRecordSchema>;
