import { z } from 'zod';
import { eidSchema, iccidSchema } from '../common/identifiers.schema';
import { ItemLimits, TextLimits } from '../common/text-limits';
import { portalEventCommonShape } from './portal-event.common';

/**
 * `codes` and `timestamps` are kept exactly as sent (the timestamps are in a local format, not RFC 3339).
 * `eid` is an extension: the EID of the new launch, used to re-order after an EidMismatch.
 */
export const portalLpaErrorReportedSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('LpaErrorReported'),
  iccid: iccidSchema,
  codes: z.array(z.string().max(TextLimits.lpaCode).trim().min(1)).min(1).max(ItemLimits.lpaCodes),
  timestamps: z.array(z.string().max(TextLimits.lpaTimestamp)).max(ItemLimits.lpaTimestamps),
  eid: eidSchema.optional(),
});
export type PortalLpaErrorReported = z.output<typeof portalLpaErrorReportedSchema>;
