import { type Es2RequestEffect, type EventMetadata } from '@mp/contracts';
import { functionCallIdentifier } from '../ids/deterministic-ids';
import {
  type ProfileRecord,
  type PurchaseContext,
  type UnsettledDownloadOrder,
} from './purchase.context';

type Request<F extends Es2RequestEffect['function']> = Extract<Es2RequestEffect, { function: F }>;

/** The ES2+ requests the machine names; the adapter turns them into HTTP calls. */
export function downloadOrderRequest(
  context: PurchaseContext,
  metadata: EventMetadata,
): Request<'downloadOrder'> {
  return {
    type: 'SendEs2Request',
    function: 'downloadOrder',
    functionCallIdentifier: callId(metadata, 'downloadOrder'),
    request: { eid: context.eid ?? '', profileType: context.profileType ?? '' },
  };
}

/**
 * ADR 0028: the same identifier and request as the call whose outcome stayed unknown, so the SM-DP+ replays what it
 * did (or, had the call never reached it, does it now: either way the answer names the profile to cancel).
 */
export function reconcileDownloadOrderRequest(
  unsettled: UnsettledDownloadOrder,
): Request<'downloadOrder'> {
  return {
    type: 'SendEs2Request',
    function: 'downloadOrder',
    functionCallIdentifier: unsettled.functionCallIdentifier,
    request: { eid: unsettled.eid, profileType: unsettled.profileType },
    reconciliation: { attempt: unsettled.attempts },
  };
}

/**
 * releaseFlag is false only for a delayed download that is still ahead. The seed-era delayed API hands the device
 * no activation code, so ConfirmOrder names the SM-DS the SM-DP+ registers the download event with.
 */
export function confirmOrderRequest(
  context: PurchaseContext,
  metadata: EventMetadata,
): Request<'confirmOrder'> {
  const profile = context.profile;
  const smds =
    context.flow === 'delayedProfile' && context.settings?.callbackApiGeneration === 'seed';
  return {
    type: 'SendEs2Request',
    function: 'confirmOrder',
    functionCallIdentifier: callId(metadata, 'confirmOrder'),
    request: {
      iccid: profile?.iccid ?? '',
      eid: profile?.eid ?? '',
      releaseFlag: confirmReleaseFlag(context),
      ...(smds && context.settings ? { smdsAddress: context.settings.smdsAddress } : {}),
    },
  };
}

export function confirmReleaseFlag(context: PurchaseContext): boolean {
  if (context.flow !== 'delayedProfile' || context.releaseNow) return true;
  return (context.purchase?.downloadDelayMinutes ?? 0) === 0;
}

export function releaseProfileRequest(
  profile: ProfileRecord,
  metadata: EventMetadata,
): Request<'releaseProfile'> {
  return {
    type: 'SendEs2Request',
    function: 'releaseProfile',
    functionCallIdentifier: callId(metadata, 'releaseProfile'),
    request: { iccid: profile.iccid },
  };
}

export function cancelOrderRequest(
  profile: ProfileRecord,
  metadata: EventMetadata,
): Request<'cancelOrder'> {
  return {
    type: 'SendEs2Request',
    function: 'cancelOrder',
    functionCallIdentifier: callId(metadata, 'cancelOrder'),
    request: {
      iccid: profile.iccid,
      eid: profile.eid,
      ...(profile.matchingId === null ? {} : { matchingId: profile.matchingId }),
      finalProfileStatusIndicator: 'Available',
    },
  };
}

function callId(metadata: EventMetadata, fn: Es2RequestEffect['function']): string {
  return functionCallIdentifier(metadata.transactionId, metadata.sequence, fn);
}
