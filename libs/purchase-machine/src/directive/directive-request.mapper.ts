import { type DirectiveReason, type OperationContext } from '@mp/contracts';
import { type PurchaseContext } from '../machine/purchase.context';
import { activationCode, type DirectiveRequest } from './directive.builder';

/** The directive a purchase owes, from its folded context; null when it cannot owe one. */
export function directiveRequestOf(
  context: PurchaseContext,
  reason: DirectiveReason,
): DirectiveRequest | null {
  if (context.metadata === null) return null;
  if (reason === 'cancellation' || reason === 'failure') {
    return {
      kind: 'outcome',
      metadata: context.metadata,
      pendingOperation: pendingOperation(context),
    };
  }
  const { purchase, settings, profile } = context;
  if (purchase === null || settings === null) return null;
  const ac =
    profile?.smdpAddress != null && profile.matchingId !== null
      ? activationCode(profile.smdpAddress, profile.matchingId)
      : '';
  return {
    kind: 'fulfilment',
    flow: purchase.flow,
    generation: settings.callbackApiGeneration,
    metadata: context.metadata,
    activationCode: ac,
    iccid: purchase.iccid ?? profile?.iccid ?? '',
    activateProfile: purchase.activateProfile,
    networkRegistrationIntervalMinutes: purchase.networkRegistrationIntervalMinutes ?? 0,
    // After a re-order the new profile is released at once, so the device may download at once.
    downloadDelayMinutes: context.releaseNow ? 0 : (purchase.downloadDelayMinutes ?? 0),
  };
}

/**
 * The operation a current-generation delayed download left with the app: its directive was issued and the portal
 * reported the context the app returned. (The machine only ends such a purchase while the device has not taken
 * the profile, so the app is still waiting to invite the user.)
 */
function pendingOperation(context: PurchaseContext): OperationContext | null {
  const issued = context.directive?.api === 'MobilePlansInlineOperations.notifyProfileDownload';
  return context.flow === 'delayedProfile' && issued ? context.operationContext : null;
}
