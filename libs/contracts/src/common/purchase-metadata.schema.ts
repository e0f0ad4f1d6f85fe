import { z } from 'zod';
import { TextLimits } from './text-limits';

export const stepOutcomeSchema = z.enum(['New', 'Existing', 'Bailed', 'None']);
export type StepOutcome = z.output<typeof stepOutcomeSchema>;

/**
 * Wire spellings of moDirectStatus. `Cancelled` is D20's value for the cancel directive; the others are the
 * documented enum (mobile-plans.md section 4).
 */
export const moDirectStatusSchema = z.enum([
  'Complete',
  'ServiceError',
  'InvalidSIM',
  'LogOnFailed',
  'PurchaseFailed',
  'ClientError',
  'BillingError',
  'None',
  'Cancelled',
]);
export type MoDirectStatus = z.output<typeof moDirectStatusSchema>;

/** The statuses a failed purchase can carry: every status but success, no status and cancellation. */
export const failureMoDirectStatusSchema = moDirectStatusSchema.exclude([
  'Complete',
  'None',
  'Cancelled',
]);
export type FailureMoDirectStatus = z.output<typeof failureMoDirectStatusSchema>;

const metadataShape = {
  userAccount: stepOutcomeSchema.optional(),
  purchaseInstrument: stepOutcomeSchema.optional(),
  line: stepOutcomeSchema.optional(),
};

/** As emitted in directives: `line` is the only spelling we write. */
export const purchaseMetadataSchema = z.object({
  ...metadataShape,
  moDirectStatus: moDirectStatusSchema,
  // Documented, not checked: stored events keep parsing (G10); new ones come from bounded portal events.
  planName: z.string().meta({ maxLength: TextLimits.planName }),
});
export type PurchaseMetadata = z.output<typeof purchaseMetadataSchema>;

// Key order is the wire order of the directive's JSON (planName last), so parsing keeps scripts stable.
// Portal samples sometimes say `lineType`; we accept it and normalise to `line` (mobile-plans.md section 4).
const inboundShape = z.object({
  ...metadataShape,
  lineType: stepOutcomeSchema.optional(),
});

const normaliseLine = <T extends { line?: StepOutcome; lineType?: StepOutcome }>(value: T) => {
  const { lineType, ...rest } = value;
  const line = rest.line ?? lineType;
  return line === undefined ? rest : { ...rest, line };
};

/** Inbound metadata whose moDirectStatus the sender must give. */
export const inboundPurchaseMetadataSchema = inboundShape
  .extend({ moDirectStatus: moDirectStatusSchema, planName: z.string().max(TextLimits.planName) })
  .transform(normaliseLine);

/** Inbound metadata of a cancellation, where moDirectStatus may be absent (contracts.md section 1). */
export const inboundCancelMetadataSchema = inboundShape
  .extend({
    moDirectStatus: moDirectStatusSchema.optional(),
    planName: z.string().max(TextLimits.planName),
  })
  .transform(normaliseLine);

export type InboundPurchaseMetadata = z.output<typeof inboundPurchaseMetadataSchema>;
export type InboundCancelMetadata = z.output<typeof inboundCancelMetadataSchema>;
