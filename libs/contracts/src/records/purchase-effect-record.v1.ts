import { z } from 'zod';
import { timestampSchema, transactionIdSchema } from '../common/identifiers.schema';
import { purchaseEffectSchema } from '../effects/purchase-effect.schema';

/**
 * An effect request on the effects topic, appended in the same transaction as the events that caused it.
 * `effectId` is derived from the causing event, so a consumer that sees the same request twice (at-least-once
 * delivery to a non-transactional consumer) can tell.
 */
export const purchaseEffectRecordSchema = z.object({
  effectId: z.string().min(1),
  transactionId: transactionIdSchema,
  causationId: z.string().min(1),
  issuedAt: timestampSchema,
  effect: purchaseEffectSchema,
});
export type PurchaseEffectRecord = z.output<typeof purchaseEffectRecordSchema>;
