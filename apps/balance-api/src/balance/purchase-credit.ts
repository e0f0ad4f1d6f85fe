import { type Plan, type PurchaseEvent } from '@mp/contracts';
import { creditsBalance, initialSnapshot, step } from '@mp/purchase-machine';

/** What one purchase puts on a SIM: its plan, from the moment the purchase completed. */
export interface PurchaseCredit {
  readonly iccid: string;
  readonly completedAt: string;
  readonly plan: Plan;
}

/**
 * A purchase credits its SIM when the purchase machine says so (`creditsBalance`, ADR 0014): at once for a balance
 * addition; for an eSIM purchase once the profile is installed (the SM-DP+ or the app says so) and connectivity
 * provisioned for the asynchronous flow, or once the purchase is unconfirmed with its network ready.
 * Folding through the machine itself, rather than re-deriving its rules from events here, keeps the balance in step
 * with the purchase's own state, including re-orders (the credited ICCID is the profile the device installed).
 * Cancelled and failed purchases never credit.
 */
export function creditOf(events: readonly PurchaseEvent[]): PurchaseCredit | null {
  let snapshot = initialSnapshot();
  let completedAt: string | null = null;
  for (const event of events) {
    snapshot = step(snapshot, event).snapshot;
    if (completedAt === null && creditsBalance(snapshot)) completedAt = event.metadata.occurredAt;
  }
  if (completedAt === null || !creditsBalance(snapshot)) return null;
  const { purchase, profile } = snapshot.context;
  if (purchase === null) return null;
  const iccid = purchase.flow === 'balanceAddition' ? purchase.iccid : (profile?.iccid ?? null);
  return iccid === null ? null : { iccid, completedAt, plan: purchase.plan };
}
