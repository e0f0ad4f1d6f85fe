import { z } from 'zod';
import { directiveSchema } from '../directive/directive.schema';
import { timerPurposeSchema } from '../events/timer-events.v1';

const es2Call = { type: z.literal('SendEs2Request'), functionCallIdentifier: z.string() };

/**
 * What the host must carry out after appending the events of a decision, in the same Kafka transaction. ES2+
 * requests carry only the body fields; the adapter adds the header (functionRequesterIdentifier, and this
 * functionCallIdentifier, reused on every retry: G4).
 */
export const purchaseEffectSchema = z.union([
  z.object({
    ...es2Call,
    function: z.literal('downloadOrder'),
    request: z.object({ eid: z.string(), profileType: z.string() }),
    /**
     * Present when the call re-asks a DownloadOrder whose outcome stayed unknown (ADR 0028): same identifier, same
     * request; the SM-DP+ replays what it did. `attempt` tells one re-ask's answer from another's and the first's.
     */
    reconciliation: z.object({ attempt: z.number().int().min(1) }).optional(),
  }),
  z.object({
    ...es2Call,
    function: z.literal('confirmOrder'),
    request: z.object({
      iccid: z.string(),
      eid: z.string(),
      releaseFlag: z.boolean(),
      smdsAddress: z.string().optional(),
    }),
  }),
  z.object({
    ...es2Call,
    function: z.literal('releaseProfile'),
    request: z.object({ iccid: z.string() }),
  }),
  z.object({
    ...es2Call,
    function: z.literal('cancelOrder'),
    request: z.object({
      iccid: z.string(),
      eid: z.string().optional(),
      matchingId: z.string().optional(),
      finalProfileStatusIndicator: z.literal('Available'),
    }),
  }),
  z.object({
    type: z.literal('ScheduleTimer'),
    timerId: z.string(),
    purpose: timerPurposeSchema,
    dueAt: z.string(),
  }),
  z.object({ type: z.literal('CancelTimer'), timerId: z.string(), purpose: timerPurposeSchema }),
  z.object({
    type: z.literal('PublishDirective'),
    transactionId: z.string(),
    directive: directiveSchema,
  }),
  z.object({
    type: z.literal('ProvisionConnectivity'),
    iccid: z.string(),
    eid: z.string(),
    completeBy: z.string(),
  }),
  z.object({ type: z.literal('AlertOperations'), code: z.string(), message: z.string() }),
]);
export type PurchaseEffect = z.output<typeof purchaseEffectSchema>;
export type Es2RequestEffect = Extract<PurchaseEffect, { type: 'SendEs2Request' }>;
