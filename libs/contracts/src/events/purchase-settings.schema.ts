import { z } from 'zod';
import { callbackApiGenerationSchema } from '../directive/directive-api';

/**
 * Configuration that influences decisions. It is copied into the first event of every purchase so that a replay
 * months later decides exactly as the live run did (G10), whatever the configuration is by then.
 */
export const purchaseSettingsSchema = z.object({
  callbackApiGeneration: callbackApiGenerationSchema.default('seed'),
  defaultProfileType: z.string().min(1),
  /** Profile type for a re-order after a device-class LPA error; null re-orders the same type. */
  fallbackProfileType: z.string().min(1).nullable().default(null),
  /** SM-DS the seed-era delayed flow registers the profile with (GSMA root SM-DS by default). */
  smdsAddress: z.string().min(1).default('lpa.ds.gsma.com'),
  /** ReleaseProfile is due this many minutes before the device's earliest download attempt. */
  releaseLeadTimeMinutes: z.number().int().min(0).default(5),
});
export type PurchaseSettings = z.output<typeof purchaseSettingsSchema>;
export type PurchaseSettingsInput = z.input<typeof purchaseSettingsSchema>;
