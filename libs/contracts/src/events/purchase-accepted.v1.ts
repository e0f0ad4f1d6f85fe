import { z } from 'zod';
import { purchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { planSchema } from '../portal/purchase-completed.v1';
import { purchaseEventSchema } from './event-metadata.schema';
import { purchaseSettingsSchema } from './purchase-settings.schema';

/** The portal's PurchaseCompleted, accepted: the first event of a fulfilled purchase. */
export const purchaseAcceptedDataSchema = z.object({
  flow: z.enum(['inline', 'asyncConnectivity', 'delayedProfile', 'balanceAddition']),
  purchaseMetadata: purchaseMetadataSchema,
  eid: z.string().nullable(),
  iccid: z.string().nullable(),
  activateProfile: z.boolean(),
  networkRegistrationIntervalMinutes: z.number().int().min(0).nullable(),
  downloadDelayMinutes: z.number().int().min(0).nullable(),
  profileType: z.string().nullable(),
  plan: planSchema,
  portalOccurredAt: z.string(),
  settings: purchaseSettingsSchema,
});
export type PurchaseAcceptedData = z.output<typeof purchaseAcceptedDataSchema>;

export const purchaseAcceptedV1Schema = purchaseEventSchema(
  'PurchaseAccepted',
  purchaseAcceptedDataSchema,
);
export type PurchaseAccepted = z.output<typeof purchaseAcceptedV1Schema>;
