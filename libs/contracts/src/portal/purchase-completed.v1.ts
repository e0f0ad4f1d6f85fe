import { z } from 'zod';
import {
  countryCodeSchema,
  eidSchema,
  iccidSchema,
  isoDurationSchema,
  minutesSchema,
} from '../common/identifiers.schema';
import { inboundPurchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { portalEventCommonShape } from './portal-event.common';

export const planSchema = z.object({
  planId: z.string().min(1),
  balanceType: z.enum(['MODIRECTPAYG', 'MODIRECT']),
  dataMB: z.number().min(0),
  validity: isoDurationSchema,
  locations: z.array(countryCodeSchema).min(1),
});
export type Plan = z.output<typeof planSchema>;

const base = {
  ...portalEventCommonShape,
  type: z.literal('PurchaseCompleted'),
  purchaseMetadata: inboundPurchaseMetadataSchema,
  profileType: z.string().min(1).optional(),
  plan: planSchema,
};

// One branch per flow, so that the per-flow required fields show in the generated JSON Schema too.
export const portalPurchaseCompletedSchema = z.discriminatedUnion('flow', [
  z.object({ ...base, flow: z.literal('inline'), eid: eidSchema }),
  z.object({
    ...base,
    flow: z.literal('asyncConnectivity'),
    eid: eidSchema,
    networkRegistrationIntervalMinutes: minutesSchema,
  }),
  z.object({
    ...base,
    flow: z.literal('delayedProfile'),
    eid: eidSchema,
    downloadDelayMinutes: minutesSchema,
  }),
  z.object({
    ...base,
    flow: z.literal('balanceAddition'),
    iccid: iccidSchema,
    activateProfile: z.boolean().default(false),
  }),
]);
export type PortalPurchaseCompleted = z.output<typeof portalPurchaseCompletedSchema>;
export type FulfillmentFlow = PortalPurchaseCompleted['flow'];
