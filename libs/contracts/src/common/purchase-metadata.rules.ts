import { type MoDirectStatus } from './purchase-metadata.schema';

export interface MetadataRuleViolation {
  readonly code: 'PURCHASE_METADATA_RULE';
  readonly reason: string;
  readonly parameter: string;
}

/** D21: planName is non-empty exactly when moDirectStatus is Complete. */
export function checkPlanNameRule(metadata: {
  readonly moDirectStatus?: MoDirectStatus | undefined;
  readonly planName: string;
}): MetadataRuleViolation | null {
  const complete = metadata.moDirectStatus === 'Complete';
  const named = metadata.planName.trim() !== '';
  if (complete && !named) {
    return violation('planName must be non-empty when moDirectStatus is Complete (D21)');
  }
  if (!complete && metadata.planName !== '') {
    return violation('planName must be "" when moDirectStatus is not Complete (D21)');
  }
  return null;
}

function violation(reason: string): MetadataRuleViolation {
  return { code: 'PURCHASE_METADATA_RULE', reason, parameter: 'purchaseMetadata.planName' };
}
