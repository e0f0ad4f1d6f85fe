import { type PurchaseStatus, type PurchaseView } from '@mp/contracts';
import { type PurchaseSnapshot } from '../decider/decision.types';
import { activationCode } from '../directive/directive.builder';
import { type PurchaseStateValue } from '../machine/purchase.machine';

/** Machine states in the words the portal shows (contracts.md section 3). */
export function statusOf(snapshot: PurchaseSnapshot): PurchaseStatus {
  const state: PurchaseStateValue = snapshot.value;
  switch (state) {
    case 'idle':
      return 'received';
    case 'reserving':
    case 'confirming':
      return 'fulfilling';
    case 'awaitingRelease':
    case 'releasing':
      return 'awaitingRelease';
    case 'awaitingDownload':
      return 'awaitingDownload';
    case 'awaitingConnectivity':
      return 'awaitingConnectivity';
    case 'unconfirmed':
      return 'unconfirmed';
    case 'connectivityOverdue':
      return 'connectivityOverdue';
    case 'completed':
      return 'completed';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
}

/** The read model of `GET /v1/purchases/{transactionId}`; null before the purchase exists. */
export function purchaseViewOf(snapshot: PurchaseSnapshot): PurchaseView | null {
  const { context } = snapshot;
  if (context.transactionId === null) return null;
  const profile = context.profile;
  return {
    transactionId: context.transactionId,
    flow: context.flow,
    status: statusOf(snapshot),
    directive: context.directive,
    profile:
      profile === null
        ? null
        : {
            iccid: profile.iccid,
            matchingId: profile.matchingId,
            activationCode:
              profile.smdpAddress !== null && profile.matchingId !== null
                ? activationCode(profile.smdpAddress, profile.matchingId)
                : null,
            state: profile.state,
          },
    updatedAt: context.updatedAt,
  };
}
