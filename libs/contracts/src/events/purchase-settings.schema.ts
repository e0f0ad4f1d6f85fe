import { z } from 'zod';
import { callbackApiGenerationSchema } from '../directive/directive-api';

export const downloadOrderReconciliationSchema = z.object({
  delaySeconds: z.number().int().min(1),
  maxAttempts: z.number().int().min(1),
});
export type DownloadOrderReconciliation = z.output<typeof downloadOrderReconciliationSchema>;

export const appIntervalRoundingSchema = z.enum(['none', 'nearest15']);
export type AppIntervalRounding = z.output<typeof appIntervalRoundingSchema>;

/**
 * Configuration that influences decisions. It is copied into the first event of every purchase so that a replay
 * months later decides exactly as the live run did (G10), whatever the configuration is by then. A field added
 * later defaults, for purchases recorded before it, to how those purchases were decided.
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
  /**
   * D23: how the app's rounding of the intervals bounds the backend's own deadlines. `nearest15`: by the lower of
   * the raw and the rounded interval (D23 as revised); `none`: by the raw interval (purchases recorded before).
   */
  appIntervalRounding: appIntervalRoundingSchema.default('none'),
  /**
   * How long a purchase whose profile was handed to the device waits to hear that it is installed (SM-DP+ or
   * app) before it becomes `unconfirmed` with an alert (ADR 0014); null: no deadline (purchases recorded before).
   */
  confirmationTimeoutSeconds: z.number().int().min(1).nullable().default(null),
  /**
   * A DownloadOrder whose outcome stayed unknown (the adapter's retry budget spent) is re-asked with the same
   * functionCallIdentifier `delaySeconds` after (doubling each time), at most `maxAttempts` times, so that a profile
   * the SM-DP+ allocated is found and cancelled (ADR 0028); null: never re-asked (purchases recorded before).
   */
  downloadOrderReconciliation: downloadOrderReconciliationSchema.nullable().default(null),
});
export type PurchaseSettings = z.output<typeof purchaseSettingsSchema>;

/** The settings a new purchase is decided with: today's rules are the defaults. */
export const newPurchaseSettingsSchema = purchaseSettingsSchema.extend({
  appIntervalRounding: appIntervalRoundingSchema.default('nearest15'),
  confirmationTimeoutSeconds: z.number().int().min(1).nullable().default(1800),
  downloadOrderReconciliation: downloadOrderReconciliationSchema
    .nullable()
    .default({ delaySeconds: 300, maxAttempts: 3 }),
});
export type PurchaseSettingsInput = z.input<typeof newPurchaseSettingsSchema>;
