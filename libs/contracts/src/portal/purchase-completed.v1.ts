import { z } from 'zod';
import {
  countryCodeSchema,
  eidSchema,
  iccidSchema,
  inboundMinutesSchema,
  inboundValiditySchema,
  isoDurationSchema,
} from '../common/identifiers.schema';
import { ItemLimits, TextLimits } from '../common/text-limits';
import { inboundPurchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { portalEventCommonShape } from './portal-event.common';

/** A plan as stored in PurchaseAccepted (G10: a stored event keeps parsing, whatever limits inbound plans get). */
export const planSchema = z.object({
  planId: z.string().min(1),
  balanceType: z.enum(['MODIRECTPAYG', 'MODIRECT']),
  dataMB: z.number().min(0),
  validity: isoDurationSchema,
  locations: z.array(countryCodeSchema).min(1),
});
export type Plan = z.output<typeof planSchema>;

/** A plan as a portal sends it: every string and list bounded. */
export const portalPlanSchema = planSchema.extend({
  planId: z.string().min(1).max(TextLimits.planId),
  validity: inboundValiditySchema,
  locations: z.array(countryCodeSchema).min(1).max(ItemLimits.locations),
});

const base = {
  ...portalEventCommonShape,
  type: z.literal('PurchaseCompleted'),
  purchaseMetadata: inboundPurchaseMetadataSchema,
  profileType: z.string().min(1).max(TextLimits.profileType).optional(),
  plan: portalPlanSchema,
};

// One branch per flow, so that the per-flow required fields show in the generated JSON Schema too.
export const portalPurchaseCompletedSchema = z.discriminatedUnion('flow', [
  z.object({ ...base, flow: z.literal('inline'), eid: eidSchema }),
  z.object({
    ...base,
    flow: z.literal('asyncConnectivity'),
    eid: eidSchema,
    networkRegistrationIntervalMinutes: inboundMinutesSchema,
  }),
  z.object({
    ...base,
    flow: z.literal('delayedProfile'),
    eid: eidSchema,
    downloadDelayMinutes: inboundMinutesSchema,
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
