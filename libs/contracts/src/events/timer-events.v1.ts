import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

/**
 * Why a purchase waits: the release of a delayed profile, the deadline for hearing that the profile is on the
 * device (SM-DP+ notification or the app's report), the deadline for the network to be provisioned (ADR 0014),
 * the next re-ask of a DownloadOrder whose outcome the adapter never learned (ADR 0028).
 */
export const timerPurposeSchema = z.enum([
  'releaseProfile',
  'confirmationDeadline',
  'connectivityDeadline',
  'downloadOrderReconciliation',
]);
export type TimerPurpose = z.output<typeof timerPurposeSchema>;

const timerRef = { timerId: z.string(), purpose: timerPurposeSchema };

/** A durable delay: the host's scheduler turns it into TimerFired when `dueAt` passes. */
export const timerScheduledV1Schema = purchaseEventSchema(
  'TimerScheduled',
  z.object({ ...timerRef, dueAt: z.string() }),
);
export const timerFiredV1Schema = purchaseEventSchema('TimerFired', z.object(timerRef));
export const timerCancelledV1Schema = purchaseEventSchema('TimerCancelled', z.object(timerRef));

export type TimerScheduled = z.output<typeof timerScheduledV1Schema>;
export type TimerFired = z.output<typeof timerFiredV1Schema>;
export type TimerCancelled = z.output<typeof timerCancelledV1Schema>;
