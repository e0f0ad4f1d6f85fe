import { z } from 'zod';
import { inboundPurchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { portalEventCommonShape } from './portal-event.common';

// moDirectStatus is checked against the failure set by the decider, so that a wrong value becomes a rejection with
// the D21 code rather than a bare schema error.
export const portalPurchaseFailedSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('PurchaseFailed'),
  purchaseMetadata: inboundPurchaseMetadataSchema,
});
export type PortalPurchaseFailed = z.output<typeof portalPurchaseFailedSchema>;
