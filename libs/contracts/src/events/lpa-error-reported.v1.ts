import { z } from 'zod';
import { transactionIdSchema } from '../common/identifiers.schema';
import { purchaseEventSchema } from './event-metadata.schema';

/** What the purchase does about an LPA error (mobile-plans.md section 11). */
export const lpaRemediationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('releaseProfile') }),
  z.object({ kind: z.literal('reorder'), eid: z.string(), profileType: z.string() }),
  z.object({ kind: z.literal('treatAsInstalled') }),
  z.object({ kind: z.literal('keepOrder') }),
  z.object({ kind: z.literal('informUser') }),
  z.object({ kind: z.literal('fixDirective') }),
  z.object({ kind: z.literal('none') }),
]);
export type LpaRemediation = z.output<typeof lpaRemediationSchema>;
export type LpaRemediationKind = LpaRemediation['kind'];

export const lpaErrorReportedV1Schema = purchaseEventSchema(
  'LpaErrorReported',
  z.object({
    iccid: z.string(),
    source: z.enum(['launchHeaders', 'activationResult']),
    codes: z.array(z.string()),
    timestamps: z.array(z.string()),
    decisiveCode: z.string(),
    remediation: lpaRemediationSchema,
    alertOperations: z.boolean(),
    /**
     * The transactionId of the launch that reported the error, when it is not the purchase's own (ADR 0027): the
     * portal session of that launch reads the re-issued directive under it. Histories from before it lack it.
     */
    launchTransactionId: transactionIdSchema.optional(),
  }),
);
export type LpaErrorReported = z.output<typeof lpaErrorReportedV1Schema>;
