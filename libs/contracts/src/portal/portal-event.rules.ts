import { checkPlanNameRule, type MetadataRuleViolation } from '../common/purchase-metadata.rules';
import { failureMoDirectStatusSchema } from '../common/purchase-metadata.schema';
import { maxExternalEventBytes } from '../common/text-limits';
import { type PortalEvent } from './portal-event.schema';
import { validatePortalEvent, type Validated } from './portal-event.validator';

/**
 * The rules of a portal event that span fields (D20, D21), beyond what its schema says. One function for both the
 * purchase machine, which rejects an event that breaks them, and the portal gateway, which answers 400 before 202.
 */
export function portalEventRuleViolation(event: PortalEvent): MetadataRuleViolation | null {
  switch (event.type) {
    case 'PurchaseCompleted':
      if (event.purchaseMetadata.moDirectStatus !== 'Complete') {
        return violation(
          'a completed purchase must have moDirectStatus Complete (D21)',
          'purchaseMetadata.moDirectStatus',
        );
      }
      return checkPlanNameRule(event.purchaseMetadata);
    case 'PurchaseCancelled': {
      const given = event.purchaseMetadata;
      if (given.moDirectStatus === 'Complete' || given.planName !== '') {
        return violation(
          'a cancelled purchase has planName "" and no Complete status (D20, D21)',
          'purchaseMetadata',
        );
      }
      return null;
    }
    case 'PurchaseFailed': {
      const status = failureMoDirectStatusSchema.safeParse(event.purchaseMetadata.moDirectStatus);
      const planName = checkPlanNameRule(event.purchaseMetadata);
      if (planName !== null) return planName;
      if (!status.success) {
        return violation(
          'a failed purchase needs a failure moDirectStatus (D21)',
          'purchaseMetadata.moDirectStatus',
        );
      }
      return null;
    }
    case 'LpaErrorReported':
    case 'ActivationResultReported':
    case 'RegistrationStateChanged':
    case 'OperationContextReported':
      return null;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/**
 * Everything the contract says about one portal event, before anything is accepted: its size, its schema and its
 * cross-field rules. What is left to the purchase (is there one, is its state the right one) only the orchestrator
 * can know.
 */
export function admitPortalEvent(raw: unknown): Validated<PortalEvent> {
  // The schema first, so that an oversized field is named; then the whole, extension fields included.
  const valid = validatePortalEvent(raw);
  if (!valid.ok) return valid;
  const size = admitSize(raw);
  if (!size.ok) return size;
  const broken = portalEventRuleViolation(valid.value);
  if (broken === null) return valid;
  return {
    ok: false,
    parameter: broken.parameter,
    message: `${broken.parameter}: ${broken.reason}`,
  };
}

/** An external event (portal or usage) is at most `maxExternalEventBytes` as JSON. */
export function admitSize(raw: unknown): Validated<unknown> {
  const bytes = new TextEncoder().encode(JSON.stringify(raw) ?? '').length;
  if (bytes <= maxExternalEventBytes) return { ok: true, value: raw };
  return {
    ok: false,
    parameter: 'body',
    message: `body: the event is ${bytes} bytes as JSON; at most ${maxExternalEventBytes} are accepted`,
  };
}

function violation(reason: string, parameter: string): MetadataRuleViolation {
  return { code: 'PURCHASE_METADATA_RULE', reason, parameter };
}
