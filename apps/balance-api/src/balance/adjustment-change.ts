import type { BalanceAdjustment } from '@mp/contracts';
import type { AdjustmentChange } from './balance-fold';

/** What an adjustment changes, without its envelope (eventId, iccid, time, reason). */
export function adjustmentChangeOf(adjustment: BalanceAdjustment): AdjustmentChange {
  switch (adjustment.kind) {
    case 'subscriptionCancelled':
      return { kind: adjustment.kind, locations: adjustment.locations };
    case 'refund':
      return { kind: adjustment.kind, transactionId: adjustment.transactionId };
    case 'setBalance':
      return {
        kind: adjustment.kind,
        locations: adjustment.locations,
        balanceType: adjustment.balanceType,
        dataMB: adjustment.dataMB,
        validity: adjustment.validity,
      };
    case 'microBalanceAssigned':
      return {
        kind: adjustment.kind,
        locations: adjustment.locations,
        dataMB: adjustment.dataMB,
        validity: adjustment.validity,
      };
    case 'correctBalance':
      return {
        kind: adjustment.kind,
        locations: adjustment.locations,
        deltaMB: adjustment.deltaMB,
      };
    default: {
      const _exhaustive: never = adjustment;
      return _exhaustive;
    }
  }
}
