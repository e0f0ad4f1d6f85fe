import { z } from 'zod';
import { timestampSchema, transactionIdSchema } from '../common/identifiers.schema';
import { directiveSchema } from '../directive/directive.schema';

export const purchaseStatusSchema = z.enum([
  'received',
  'fulfilling',
  'awaitingRelease',
  'awaitingDownload',
  'awaitingConnectivity',
  /** The profile went to the device and nobody (SM-DP+ or app) said it arrived in time: operations are alerted. */
  'unconfirmed',
  /** Installed, but the network was not provisioned by its deadline: operations are alerted. */
  'connectivityOverdue',
  'completed',
  'cancelled',
  'failed',
]);
export type PurchaseStatus = z.output<typeof purchaseStatusSchema>;

/** Profile states at the SM-DP+ as far as this purchase has seen them (mobile-plans.md section 14.3). */
export const smdpProfileStateSchema = z.enum([
  'Linked',
  'Confirmed',
  'Released',
  'Downloaded',
  'Installed',
  'Error',
  'Available',
]);
export type SmdpProfileState = z.output<typeof smdpProfileStateSchema>;

export const purchaseViewFlowSchema = z.enum([
  'inline',
  'asyncConnectivity',
  'delayedProfile',
  'balanceAddition',
  'cancelled',
  'failed',
]);
export type PurchaseViewFlow = z.output<typeof purchaseViewFlowSchema>;

export const profileViewSchema = z.object({
  iccid: z.string(),
  matchingId: z.string().nullable(),
  activationCode: z.string().nullable(),
  state: smdpProfileStateSchema,
});
export type ProfileView = z.output<typeof profileViewSchema>;

/** `GET /v1/purchases/{transactionId}` (contracts.md section 3). */
export const purchaseViewSchema = z.object({
  transactionId: transactionIdSchema,
  flow: purchaseViewFlowSchema.nullable(),
  status: purchaseStatusSchema,
  directive: directiveSchema.nullable(),
  profile: profileViewSchema.nullable(),
  updatedAt: timestampSchema.nullable(),
});
export type PurchaseView = z.output<typeof purchaseViewSchema>;
