import { type Plan, type PurchaseEvent } from '@mp/contracts';
import { initialSnapshot, step } from '@mp/purchase-machine';

/** What one purchase puts on a SIM: its plan, from the moment the purchase completed. */
export interface PurchaseCredit {
  readonly iccid: string;
  readonly completedAt: string;
  readonly plan: Plan;
}

/**
 * A purchase credits its SIM when the purchase machine says it is `completed`: at once for a balance addition, and
 * for an eSIM purchase once the profile is installed (and connectivity provisioned for the asynchronous flow).
 * Folding through the machine itself, rather than re-deriving its rules from events here, keeps the balance in step
 * with the purchase's own state, including re-orders (the credited ICCID is the profile the device installed).
 * Cancelled and failed purchases never reach `completed`, so they credit nothing.
 */
export function creditOf(events: readonly PurchaseEvent[]): PurchaseCredit | null {
  let snapshot = initialSnapshot();
  let completedAt: string | null = null;
  for (const event of events) {
    snapshot = step(snapshot, event).snapshot;
    if (completedAt === null && snapshot.value === 'completed')
      completedAt = event.metadata.occurredAt;
  }
  if (completedAt === null || snapshot.value !== 'completed') return null;
  const { purchase, profile } = snapshot.context;
  if (purchase === null) return null;
  const iccid = purchase.flow === 'balanceAddition' ? purchase.iccid : (profile?.iccid ?? null);
  return iccid === null ? null : { iccid, completedAt, plan: purchase.plan };
}
