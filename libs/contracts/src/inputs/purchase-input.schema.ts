import { z } from 'zod';
import { iccidSchema, timestampSchema, transactionIdSchema } from '../common/identifiers.schema';
import { es2FunctionSchema } from '../events/smdp-failure.schema';
import { portalEventSchema } from '../portal/portal-event.schema';

/**
 * What the host feeds into `decide`. Each input carries its own id (the idempotency key, recorded as the
 * causationId of the events it produced) and its time `at` (the only clock the purchase knows). `transactionId`
 * is the purchase the host routed the input to.
 */
const inputShape = {
  id: z.string().min(1),
  at: timestampSchema,
  transactionId: transactionIdSchema,
};

export const portalInputSchema = z.object({
  ...inputShape,
  kind: z.literal('portalEvent'),
  event: portalEventSchema,
});

const smdpOutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('succeeded'),
    // Per function: DownloadOrder answers iccid; ConfirmOrder answers matchingId, smdpAddress (the adapter fills
    // its configured address when the SM-DP+ omits it) and maybe eid.
    response: z.object({
      iccid: iccidSchema.optional(),
      eid: z.string().optional(),
      matchingId: z.string().min(1).optional(),
      smdpAddress: z.string().min(1).optional(),
    }),
  }),
  z.object({
    status: z.literal('failed'),
    subjectCode: z.string().min(1),
    reasonCode: z.string().min(1),
    message: z.string().optional(),
  }),
  z.object({
    status: z.literal('unavailable'),
    attempts: z.number().int().min(0),
    lastError: z.string().optional(),
  }),
]);

/** The outcome of one ES2+ call, after the adapter's retry budget. */
export const smdpResultInputSchema = z.object({
  ...inputShape,
  kind: z.literal('smdpResult'),
  function: es2FunctionSchema,
  functionCallIdentifier: z.string().min(1),
  outcome: smdpOutcomeSchema,
});

/** HandleDownloadProgressInfo from the SM-DP+ (mobile-plans.md section 14.2). */
export const downloadProgressInputSchema = z.object({
  ...inputShape,
  kind: z.literal('downloadProgress'),
  iccid: iccidSchema,
  eid: z.string().optional(),
  profileType: z.string().optional(),
  timestamp: z.string().min(1),
  notificationPointId: z.number().int().min(0),
  notificationPointStatus: z.object({
    status: z.enum(['Executed-Success', 'Executed-WithWarning', 'Failed', 'Expired']),
    statusCodeData: z
      .object({ subjectCode: z.string(), reasonCode: z.string(), message: z.string().optional() })
      .optional(),
  }),
});

export const connectivityResultInputSchema = z.object({
  ...inputShape,
  kind: z.literal('connectivityResult'),
  iccid: iccidSchema,
  outcome: z.enum(['provisioned', 'failed']),
  /** The provisioning system's reason code and text (provisioning-result.v1), for a failure. */
  reasonCode: z.string().optional(),
  reason: z.string().optional(),
});

export const timerFiredInputSchema = z.object({
  ...inputShape,
  kind: z.literal('timerFired'),
  timerId: z.string().min(1),
});

export const purchaseInputSchema = z.discriminatedUnion('kind', [
  portalInputSchema,
  smdpResultInputSchema,
  downloadProgressInputSchema,
  connectivityResultInputSchema,
  timerFiredInputSchema,
]);
export type PurchaseInput = z.output<typeof purchaseInputSchema>;
export type PurchaseInputOf<K extends PurchaseInput['kind']> = Extract<PurchaseInput, { kind: K }>;
export type SmdpOutcome = PurchaseInputOf<'smdpResult'>['outcome'];
