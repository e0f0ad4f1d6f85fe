import { type PurchaseSnapshot } from '../decider/decision.types';

/**
 * ADR 0014: whether the purchase puts its plan on the SIM. A completed purchase does. So does an unconfirmed one
 * whose network is ready: the user paid, nobody said the profile failed, and a balance on a profile that never
 * reached a device is never asked for (GetBalance is called for the SIMs devices hold). A purchase still waiting
 * for its network does not: the balance would promise service the network cannot give yet.
 */
export function creditsBalance(snapshot: PurchaseSnapshot): boolean {
  if (snapshot.value === 'completed') return true;
  if (snapshot.value !== 'unconfirmed') return false;
  const { connectivity } = snapshot.context;
  return connectivity === 'notRequired' || connectivity === 'provisioned';
}
