import type { ProvisioningResult, RoutedInputRecord } from '@mp/contracts';

/**
 * A provisioning system's result (docs/contracts.md section 7) as the `connectivityResult` input of the request it
 * answers, routed by ICCID as the SM-DP+'s notifications are.
 */
export function provisioningResultInput(result: ProvisioningResult): RoutedInputRecord {
  return {
    kind: 'input',
    address: { iccid: result.iccid },
    input: {
      kind: 'connectivityResult',
      id: `connectivity:${result.requestId}`,
      at: result.occurredAt,
      iccid: result.iccid,
      outcome: result.outcome,
      ...(result.outcome === 'failed'
        ? { reasonCode: result.reasonCode, reason: result.reasonText }
        : {}),
    },
  };
}
