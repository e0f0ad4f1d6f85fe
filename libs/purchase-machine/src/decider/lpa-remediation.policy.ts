import { type ActivationResult, type LpaRemediation } from '@mp/contracts';
import { type PurchaseContext } from '../machine/purchase.context';

type Category =
  | 'notReleased'
  | 'eidMismatch'
  | 'alreadyClaimed'
  | 'matchingIdGone'
  | 'confirmationCode'
  | 'profileClass'
  | 'serverSide'
  | 'deviceSide'
  | 'userConsent'
  | 'malformedDirective'
  | 'other';

// mobile-plans.md section 11, keyed by the lower-cased ESimOperationStatus / activationResult name so both spellings meet.
// A Map: the codes are the portal's strings as sent, and "constructor" or "__proto__" must be just another unknown code.
const categories: ReadonlyMap<string, Category> = new Map<string, Category>(
  Object.entries({
    profilenotreleasedbyoperator: 'notReleased',
    eidmismatch: 'eidMismatch',
    profilenotavailablefornewbinding: 'alreadyClaimed',
    iccidalreadyexists: 'alreadyClaimed',
    invalidmatchingid: 'matchingIdGone',
    notfound: 'matchingIdGone',
    profilenotpresent: 'matchingIdGone',
    confirmationcodemissing: 'confirmationCode',
    incorrectconfirmationcode: 'confirmationCode',
    confirmationcodemaxretriesexceeded: 'confirmationCode',
    noeligibleprofileforthisdevice: 'profileClass',
    operationprohibitedbyprofileclass: 'profileClass',
    policyviolation: 'profileClass',
    serverfailure: 'serverSide',
    servernotreachable: 'serverSide',
    timeoutwaitingforresponse: 'serverSide',
    servernottrusted: 'serverSide',
    insufficientspaceoncard: 'deviceSide',
    cardbusy: 'deviceSide',
    cardremoved: 'deviceSide',
    cardgeneralfailure: 'deviceSide',
    modemnotfound: 'deviceSide',
    lpainitializationerror: 'deviceSide',
    localsettingsaccessfailed: 'deviceSide',
    timeoutwaitingforuserconsent: 'userConsent',
    operationaborted: 'userConsent',
    invalidactivationcode: 'malformedDirective',
    invalidiccid: 'malformedDirective',
    invalidjson: 'malformedDirective',
    invalidcallback: 'malformedDirective',
  } satisfies Record<string, Category>),
);

export interface RemediationDecision {
  readonly remediation: LpaRemediation;
  readonly alertOperations: boolean;
}

/**
 * What to do about the most recent code of a report (the last one: the app lists failures oldest first).
 * `launchEid` is the EID of the launch that reported it, the right one after an EidMismatch.
 */
export function remediate(
  code: string,
  context: PurchaseContext,
  launchEid: string | null,
): RemediationDecision {
  const category = categories.get(code.toLowerCase()) ?? 'other';
  if (context.profile?.state === 'Installed') {
    // Installed on this device already: nothing at the SM-DP+ can help, and nothing should be undone.
    const kind = category === 'alreadyClaimed' ? 'treatAsInstalled' : 'none';
    return { remediation: { kind }, alertOperations: false };
  }
  const reorder = (eid: string | null, profileType: string | null): LpaRemediation => ({
    kind: 'reorder',
    eid: eid ?? context.eid ?? '',
    profileType: profileType ?? context.profileType ?? '',
  });
  switch (category) {
    case 'notReleased':
      return { remediation: { kind: 'releaseProfile' }, alertOperations: false };
    case 'eidMismatch':
      return { remediation: reorder(launchEid, null), alertOperations: false };
    case 'alreadyClaimed':
      return { remediation: reorder(null, null), alertOperations: false };
    case 'matchingIdGone':
      return { remediation: reorder(null, null), alertOperations: false };
    case 'confirmationCode':
      // We never ask for a confirmation code, so the SM-DP+ profile is misconfigured: re-order and tell ops.
      return { remediation: reorder(null, null), alertOperations: true };
    case 'profileClass':
      return {
        remediation: reorder(null, context.settings?.fallbackProfileType ?? null),
        alertOperations: true,
      };
    case 'serverSide':
      // Keep the reservation and the activation code; only a repeat is worth a person's time.
      return { remediation: { kind: 'keepOrder' }, alertOperations: context.lpaReports > 0 };
    case 'deviceSide':
      return { remediation: { kind: 'informUser' }, alertOperations: false };
    case 'userConsent':
      return { remediation: { kind: 'keepOrder' }, alertOperations: false };
    case 'malformedDirective':
      return { remediation: { kind: 'fixDirective' }, alertOperations: true };
    case 'other':
      return { remediation: { kind: 'none' }, alertOperations: false };
    default: {
      const _exhaustive: never = category;
      return _exhaustive;
    }
  }
}

/** activationResult values are the camelCase twins of the ESimOperationStatus names. */
export function statusNameOf(result: ActivationResult): string {
  return result.charAt(0).toUpperCase() + result.slice(1);
}
