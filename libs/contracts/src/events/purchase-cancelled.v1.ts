import { z } from 'zod';
import { purchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { purchaseEventSchema } from './event-metadata.schema';
import { purchaseSettingsSchema } from './purchase-settings.schema';

/** `settings` is set when the cancellation is the purchase's first event (the cancelled flow). */
export const purchaseCancelledV1Schema = purchaseEventSchema(
  'PurchaseCancelled',
  z.object({
    purchaseMetadata: purchaseMetadataSchema,
    portalOccurredAt: z.string(),
    settings: purchaseSettingsSchema.nullable(),
  }),
);
export type PurchaseCancelled = z.output<typeof purchaseCancelledV1Schema>;
