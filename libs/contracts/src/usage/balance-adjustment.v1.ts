import { z } from 'zod';
import {
  countryCodeSchema,
  eventIdSchema,
  iccidSchema,
  inboundTimestampSchema,
  inboundValiditySchema,
  transactionIdSchema,
} from '../common/identifiers.schema';
import { ItemLimits, TextLimits, boundedText } from '../common/text-limits';

/** The most MB one adjustment may name (a petabyte): far beyond any plan, well inside a double's exact range. */
export const maxAdjustmentMB = 1_000_000_000;

const megabytes = z.number().min(0).max(maxAdjustmentMB);
const locations = z.array(countryCodeSchema).min(1).max(ItemLimits.locations);

const common = {
  /** Idempotency key, as for usage events: the same eventId twice counts once. */
  eventId: eventIdSchema,
  iccid: iccidSchema,
  /** When it takes effect: the balance projection folds it at this time among the SIM's purchases and usage. */
  occurredAt: inboundTimestampSchema,
  /** Free text for support (why the charging system adjusted). */
  reason: boundedText(TextLimits.adjustmentReason).optional(),
};

/**
 * `mobileplans.balance-adjustments.v1` / `POST /v1/balance-adjustments`: the charging system changes a balance
 * (ADR 0020). A balance is the SIM's balance for one set of locations, as D15/D16 make them.
 */
export const balanceAdjustmentSchema = z.discriminatedUnion('kind', [
  /** The subscription behind the balance for these locations ended: the balance ends now (walled garden). */
  z.object({ ...common, kind: z.literal('subscriptionCancelled'), locations }),
  /** The purchase was refunded: the data it credited is withdrawn, and its validity with it. */
  z.object({ ...common, kind: z.literal('refund'), transactionId: transactionIdSchema }),
  /** The charging system's figure is the truth: the balance for these locations becomes exactly this. */
  z.object({
    ...common,
    kind: z.literal('setBalance'),
    locations,
    balanceType: z.enum(['MODIRECTPAYG', 'MODIRECT']),
    dataMB: megabytes,
    validity: inboundValiditySchema,
  }),
  /** Data added to (positive) or taken from (negative) the active balance, never below 0; expiry unchanged. */
  z.object({
    ...common,
    kind: z.literal('correctBalance'),
    locations,
    deltaMB: z
      .number()
      .min(-maxAdjustmentMB)
      .max(maxAdjustmentMB)
      .refine((delta) => delta !== 0, { message: 'must not be 0' }),
  }),
  /**
   * The operator gave the SIM a micro balance of its own (to reach the walled garden): not a Mobile Plans plan, so
   * GetBalance never reports it (the seeds: "when the user has a micro balance, the balance returned must be zero").
   */
  z.object({
    ...common,
    kind: z.literal('microBalanceAssigned'),
    locations,
    dataMB: megabytes,
    validity: inboundValiditySchema,
  }),
]);
export type BalanceAdjustment = z.output<typeof balanceAdjustmentSchema>;
export type BalanceAdjustmentKind = BalanceAdjustment['kind'];
