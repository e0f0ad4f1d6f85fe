import { type DirectiveReason } from '@mp/contracts';
import { type PurchaseContext } from '../machine/purchase.context';
import { activationCode, type DirectiveRequest } from './directive.builder';

/** The directive a purchase owes, from its folded context; null when it cannot owe one. */
export function directiveRequestOf(
  context: PurchaseContext,
  reason: DirectiveReason,
): DirectiveRequest | null {
  if (context.metadata === null) return null;
  if (reason === 'cancellation' || reason === 'failure') {
    return { kind: 'outcome', metadata: context.metadata };
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
