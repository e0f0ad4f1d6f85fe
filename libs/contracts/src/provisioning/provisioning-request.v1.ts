import { z } from 'zod';
import { ItemLimits, TextLimits } from '../common/text-limits';

const text = (max: number) => z.string().min(1).max(max);
const timestamp = z.iso.datetime({ offset: true }).max(TextLimits.timestamp);

/**
 * What the network must do for the SIM. `warmSim`: the SIM (a profile just reserved at the SM-DP+) is known to the
 * network but not in service: bring it into service with the plan. `plan`: the SIM is already in service: add the
 * plan to it. The orchestrator issues `warmSim` for asynchronous-connectivity purchases (ADR 0021); no flow waits
 * for the network to add a plan to a SIM in service today, so `plan` is not issued yet.
 */
export const provisioningActivationSchema = z.enum(['warmSim', 'plan']);
export type ProvisioningActivation = z.output<typeof provisioningActivationSchema>;

/**
 * `mobileplans.provisioning-requests.v1`, key = ICCID: the orchestrator asks the operator's network (its
 * provisioning system) to activate a SIM and its plan by a deadline (docs/contracts.md section 7). Written in the
 * same Kafka transaction as the purchase's decision, so a request is never lost or issued for a decision that did
 * not happen; a reader may still see one twice (at-least-once delivery): `requestId` tells.
 */
export const provisioningRequestSchema = z.object({
  /** Unique per request; the result names it. The same request seen twice has the same id. */
  requestId: text(TextLimits.provisioningRequestId),
  activation: provisioningActivationSchema,
  /** The purchase (the Mobile Plans launch transactionId, D25). */
  transactionId: text(TextLimits.transactionId),
  iccid: z
    .string()
    .max(TextLimits.iccid)
    .regex(/^89\d{17,18}$/),
  eid: z
    .string()
    .max(TextLimits.eid)
    .regex(/^89\d{30}$/)
    .nullable(),
  plan: z.object({
    planId: text(TextLimits.planId),
    planName: text(TextLimits.planName),
    balanceType: z.enum(['MODIRECTPAYG', 'MODIRECT']),
    dataMB: z.number().min(0),
    validity: text(TextLimits.validity),
    locations: z
      .array(
        z
          .string()
          .max(2)
          .regex(/^[A-Z]{2}$/),
      )
      .min(1)
      .max(ItemLimits.locations),
  }),
  /** The deadline: the device tries to register by then (D23: the lower of the raw and the app's rounded interval). */
  completeBy: timestamp,
  requestedAt: timestamp,
});
export type ProvisioningRequest = z.output<typeof provisioningRequestSchema>;
