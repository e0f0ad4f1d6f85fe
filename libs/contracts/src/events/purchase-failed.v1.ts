import { z } from 'zod';
import {
  failureMoDirectStatusSchema,
  purchaseMetadataSchema,
} from '../common/purchase-metadata.schema';
import { purchaseEventSchema } from './event-metadata.schema';
import { purchaseSettingsSchema } from './purchase-settings.schema';
import { es2FunctionSchema, smdpFailureSchema } from './smdp-failure.schema';

export const failureCauseSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('portal') }),
  z.object({ source: z.literal('smdp'), function: es2FunctionSchema, failure: smdpFailureSchema }),
  // reasonCode: the provisioning system's code (provisioning-result.v1); absent in failures recorded before it.
  z.object({
    source: z.literal('connectivity'),
    reason: z.string().nullable(),
    reasonCode: z.string().optional(),
  }),
]);
export type FailureCause = z.output<typeof failureCauseSchema>;

export const purchaseFailedV1Schema = purchaseEventSchema(
  'PurchaseFailed',
  z.object({
    moDirectStatus: failureMoDirectStatusSchema,
    purchaseMetadata: purchaseMetadataSchema,
    cause: failureCauseSchema,
    settings: purchaseSettingsSchema.nullable(),
  }),
);
export type PurchaseFailed = z.output<typeof purchaseFailedV1Schema>;
