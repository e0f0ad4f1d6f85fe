import { z } from 'zod';
import { iccidSchema, timestampSchema, transactionIdSchema } from '../common/identifiers.schema';

/**
 * A record on the internal inputs topic. Producers that know the purchase address it by transactionId (and key
 * the record by it); the SM-DP+'s notifications name only an ICCID, so they are addressed by ICCID and the
 * orchestrator forwards them to the purchase that reserved that profile.
 *
 * `input` is a purchase input (`purchaseInputSchema`) without its `transactionId`: the orchestrator sets it from
 * the address and the purchase machine validates the rest, so a bad input becomes a rejection with a reason.
 */
export const inputAddressSchema = z.union([
  z.object({ transactionId: transactionIdSchema }).strict(),
  z.object({ iccid: iccidSchema }).strict(),
]);
export type InputAddress = z.output<typeof inputAddressSchema>;

export const routedInputRecordSchema = z.object({
  kind: z.literal('input'),
  address: inputAddressSchema,
  input: z.looseObject({ kind: z.string().min(1), id: z.string().min(1) }),
});

/** A support command: take a parked purchase out of the parking and process what was held for it. */
export const redriveRecordSchema = z.object({
  kind: z.literal('redrive'),
  redriveId: z.string().min(1),
  transactionId: transactionIdSchema,
  requestedBy: z.string().min(1),
  reason: z.string().min(1),
  requestedAt: timestampSchema,
});

export const purchaseInputRecordSchema = z.discriminatedUnion('kind', [
  routedInputRecordSchema,
  redriveRecordSchema,
]);
export type PurchaseInputRecord = z.output<typeof purchaseInputRecordSchema>;
export type RoutedInputRecord = z.output<typeof routedInputRecordSchema>;
export type RedriveRecord = z.output<typeof redriveRecordSchema>;
