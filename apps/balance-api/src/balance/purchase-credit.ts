import { type Plan, type PurchaseEvent } from '@mp/contracts';
import { creditsBalance, initialSnapshot, step, type PurchaseSnapshot } from '@mp/purchase-machine';

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
  return creditFrom(foldCredit(emptyCreditFold(), events));
}

/**
 * The fold `creditOf` takes of a history, so that the projector can step it on with a batch's events instead of
 * folding the history again (KeptFolds, ADR 0033): the snapshot, and when the purchase first credited.
 */
export interface CreditFold {
  readonly snapshot: PurchaseSnapshot;
  readonly completedAt: string | null;
}

export function emptyCreditFold(): CreditFold {
  return { snapshot: initialSnapshot(), completedAt: null };
}

/** The fold with `events` (later ones, oldest first) after it. */
export function foldCredit(fold: CreditFold, events: readonly PurchaseEvent[]): CreditFold {
  let { snapshot, completedAt } = fold;
  for (const event of events) {
    snapshot = step(snapshot, event).snapshot;
    if (completedAt === null && creditsBalance(snapshot)) completedAt = event.metadata.occurredAt;
  }
  return { snapshot, completedAt };
}

export function creditFrom({ snapshot, completedAt }: CreditFold): PurchaseCredit | null {
  if (completedAt === null || !creditsBalance(snapshot)) return null;
  const { purchase, profile } = snapshot.context;
  if (purchase === null) return null;
  const iccid = purchase.flow === 'balanceAddition' ? purchase.iccid : (profile?.iccid ?? null);
  return iccid === null ? null : { iccid, completedAt, plan: purchase.plan };
}
