import { type PurchaseContext } from '../machine/purchase.context';
import { reject, type Translation } from './decision.types';

export function holdsIccid(context: PurchaseContext, iccid: string): boolean {
  return context.profile?.iccid === iccid;
}

export function unknownProfile(iccid: string): Translation {
  return reject(
    'UNKNOWN_PROFILE',
    `ICCID ${iccid} is not this purchase's current profile`,
    'iccid',
  );
}
