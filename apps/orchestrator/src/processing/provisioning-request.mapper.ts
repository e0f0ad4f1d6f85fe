import type { PurchaseAcceptedData, PurchaseEffect, ProvisioningRequest } from '@mp/contracts';

type ProvisionConnectivity = Extract<PurchaseEffect, { type: 'ProvisionConnectivity' }>;

/**
 * The provisioning request (docs/contracts.md section 7) for a ProvisionConnectivity effect: the effect's SIM and
 * deadline, with the purchase's plan from its PurchaseAccepted (as the machine's context keeps it). The request id is the effect's id, so the result's
 * input (`connectivity:<requestId>`) is the same one the stand-in always gave, and a result seen twice is a
 * duplicate. Null when there is no accepted purchase (the machine never asks for connectivity then).
 */
export function provisioningRequestOf(
  requestId: string,
  transactionId: string,
  requestedAt: string,
  effect: ProvisionConnectivity,
  accepted: PurchaseAcceptedData | null,
): ProvisioningRequest | null {
  if (accepted === null) return null;
  const { plan, purchaseMetadata } = accepted;
  return {
    requestId,
    // A profile the purchase has just reserved: the network knows the SIM and brings it into service.
    activation: 'warmSim',
    transactionId,
    iccid: effect.iccid,
    eid: effect.eid === '' ? null : effect.eid,
    plan: {
      planId: plan.planId,
      planName: purchaseMetadata.planName,
      balanceType: plan.balanceType,
      dataMB: plan.dataMB,
      validity: plan.validity,
      locations: plan.locations,
    },
    completeBy: effect.completeBy,
    requestedAt,
  };
}
