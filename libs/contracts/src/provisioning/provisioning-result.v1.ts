import { z } from 'zod';
import {
  iccidSchema,
  inboundTimestampSchema,
  transactionIdSchema,
} from '../common/identifiers.schema';
import { TextLimits } from '../common/text-limits';

const common = {
  /** The request this answers. A request has one result: the first one counts, later ones are duplicates. */
  requestId: z.string().min(1).max(TextLimits.provisioningRequestId),
  transactionId: transactionIdSchema,
  iccid: iccidSchema,
  occurredAt: inboundTimestampSchema,
};

/**
 * `mobileplans.provisioning-results.v1`, key = ICCID: the provisioning system's answer to one request
 * (docs/contracts.md section 7). The orchestrator routes it by ICCID to the purchase that reserved the profile,
 * through its exactly-once path; a record it cannot use is kept as rejected with its reason.
 */
export const provisioningResultSchema = z.discriminatedUnion('outcome', [
  z.object({ ...common, outcome: z.literal('provisioned') }),
  z.object({
    ...common,
    outcome: z.literal('failed'),
    /** The provisioning system's own code, for operations and support (letters, digits, `.`, `_`, `-`). */
    reasonCode: z
      .string()
      .max(TextLimits.provisioningReasonCode)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"'),
    reasonText: z.string().min(1).max(TextLimits.provisioningReasonText),
  }),
]);
export type ProvisioningResult = z.output<typeof provisioningResultSchema>;
/** A result as a provisioning system writes it (before the ICCID is normalised). */
export type ProvisioningResultRecord = z.input<typeof provisioningResultSchema>;
