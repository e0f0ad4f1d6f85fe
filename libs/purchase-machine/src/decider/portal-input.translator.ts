import {
  failureMoDirectStatusSchema,
  portalEventRuleViolation,
  type PortalEvent,
  type PurchaseMetadata,
  type PurchaseSettings,
} from '@mp/contracts';
import { canonicalMetadata } from '../directive/directive.builder';
import { type PurchaseContext } from '../machine/purchase.context';
import { accept, reject, type Translation } from './decision.types';
import {
  translateActivationResult,
  translateOperationContext,
  translateRegistration,
} from './app-report.translator';
import { remediate } from './lpa-remediation.policy';
import { holdsIccid, unknownProfile } from './profile-checks';

/** Portal events (contracts.md section 1) → the facts they add to the purchase. */
export function translatePortalEvent(
  event: PortalEvent,
  context: PurchaseContext,
  settings: PurchaseSettings,
  at: string,
  state: string,
): Translation {
  // Settings are recorded only by the event that starts a purchase (G10).
  const startSettings = context.flow === null ? settings : null;
  // D20, D21: the same rules the portal gateway applies before it answers 202.
  const violation = portalEventRuleViolation(event);
  if (violation) return reject(violation.code, violation.reason, violation.parameter);
  switch (event.type) {
    case 'PurchaseCompleted': {
      const metadata = canonicalMetadata(event.purchaseMetadata);
      const fulfilsProfile = event.flow !== 'balanceAddition';
      return accept({
        type: 'PurchaseAccepted',
        data: {
          flow: event.flow,
          purchaseMetadata: metadata,
          eid: event.flow === 'balanceAddition' ? null : event.eid,
          iccid: event.flow === 'balanceAddition' ? event.iccid : null,
          activateProfile: event.flow === 'balanceAddition' ? event.activateProfile : false,
          networkRegistrationIntervalMinutes:
            event.flow === 'asyncConnectivity' ? event.networkRegistrationIntervalMinutes : null,
          downloadDelayMinutes: event.flow === 'delayedProfile' ? event.downloadDelayMinutes : null,
          profileType: fulfilsProfile ? (event.profileType ?? settings.defaultProfileType) : null,
          plan: event.plan,
          portalOccurredAt: event.occurredAt,
          settings,
        },
      });
    }
    case 'PurchaseCancelled': {
      const given = event.purchaseMetadata;
      // D20: the directive says Cancelled; the user bailed at the line step unless the portal says otherwise.
      const metadata = canonicalMetadata({
        ...given,
        line: given.line ?? 'Bailed',
        moDirectStatus: 'Cancelled',
        planName: '',
      });
      return accept({
        type: 'PurchaseCancelled',
        data: {
          purchaseMetadata: metadata,
          portalOccurredAt: event.occurredAt,
          settings: startSettings,
        },
      });
    }
    case 'PurchaseFailed': {
      const status = failureMoDirectStatusSchema.safeParse(event.purchaseMetadata.moDirectStatus);
      // Checked with the rules above; parsed again for its type.
      if (!status.success) {
        const reason = 'a failed purchase needs a failure moDirectStatus (D21)';
        return reject('PURCHASE_METADATA_RULE', reason, 'purchaseMetadata.moDirectStatus');
      }
      return accept({
        type: 'PurchaseFailed',
        data: {
          moDirectStatus: status.data,
          purchaseMetadata: canonicalMetadata(event.purchaseMetadata),
          cause: { source: 'portal' },
          settings: startSettings,
        },
      });
    }
    case 'LpaErrorReported': {
      if (!holdsIccid(context, event.iccid)) return unknownProfile(event.iccid);
      const decisiveCode = event.codes.at(-1) ?? 'Other';
      // ADR 0027: a report from a new launch links that launch's transactionId to this purchase.
      const fromNewLaunch = event.transactionId !== context.transactionId;
      return accept({
        type: 'LpaErrorReported',
        data: {
          iccid: event.iccid,
          source: 'launchHeaders',
          codes: event.codes,
          timestamps: event.timestamps,
          decisiveCode,
          ...remediate(decisiveCode, context, event.eid ?? null),
          ...(fromNewLaunch ? { launchTransactionId: event.transactionId } : {}),
        },
      });
    }
    case 'ActivationResultReported':
      return translateActivationResult(event, context, state, at);
    case 'RegistrationStateChanged':
      return translateRegistration(event, context, state);
    case 'OperationContextReported':
      return translateOperationContext(event, context);
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function failureMetadata(context: PurchaseContext): PurchaseMetadata {
  // D19: the failure's moDirectStatus, planName "", the steps the user reached kept as they were.
  const reached = context.metadata ?? { moDirectStatus: 'ServiceError', planName: '' };
  return canonicalMetadata({ ...reached, moDirectStatus: 'ServiceError', planName: '' });
}
