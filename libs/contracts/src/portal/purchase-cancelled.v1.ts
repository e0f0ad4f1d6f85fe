import { z } from 'zod';
import { inboundCancelMetadataSchema } from '../common/purchase-metadata.schema';
import { portalEventCommonShape } from './portal-event.common';

export const portalPurchaseCancelledSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('PurchaseCancelled'),
  purchaseMetadata: inboundCancelMetadataSchema,
});
export type PortalPurchaseCancelled = z.output<typeof portalPurchaseCancelledSchema>;
