import {
  type Directive,
  type DirectiveReason,
  type OperationContext,
  type PurchaseAcceptedData,
  type PurchaseMetadata,
  type PurchaseSettings,
  type PurchaseViewFlow,
  type SmdpProfileState,
  type TimerPurpose,
} from '@mp/contracts';

export interface ProfileRecord {
  readonly iccid: string;
  readonly eid: string;
  readonly matchingId: string | null;
  readonly smdpAddress: string | null;
  readonly state: SmdpProfileState;
}

export interface PendingCalls {
  readonly downloadOrder: string | null;
  readonly confirmOrder: string | null;
  readonly releaseProfile: string | null;
  readonly cancelOrder: readonly {
    readonly functionCallIdentifier: string;
    readonly iccid: string;
  }[];
}

export interface PendingTimer {
  readonly timerId: string;
  readonly dueAt: string;
}

/**
 * A DownloadOrder whose outcome the adapter never learned (its retry budget spent, ADR 0028): the SM-DP+ may have
 * allocated a profile under it. It is re-asked with the same identifier and request until an answer says what the
 * SM-DP+ did; `asking` while a re-ask is out, `attempts` the re-asks made.
 */
export interface UnsettledDownloadOrder {
  readonly functionCallIdentifier: string;
  readonly eid: string;
  readonly profileType: string;
  readonly attempts: number;
  readonly asking: boolean;
}

/** `overdue`: still not provisioned when its deadline passed (the alert has been raised). */
export type ConnectivityState = 'notRequired' | 'pending' | 'overdue' | 'provisioned';

/** Everything a decision needs, and nothing that is not the fold of the purchase's events. */
export interface PurchaseContext {
  readonly transactionId: string | null;
  readonly flow: PurchaseViewFlow | null;
  readonly settings: PurchaseSettings | null;
  readonly purchase: PurchaseAcceptedData | null;
  /** The metadata the next directive carries: the accepted one, or the cancel/failure outcome. */
  readonly metadata: PurchaseMetadata | null;
  readonly startedAt: string | null;
  readonly eid: string | null;
  readonly profileType: string | null;
  readonly profile: ProfileRecord | null;
  readonly formerProfiles: readonly ProfileRecord[];
  readonly pending: PendingCalls;
  readonly unsettledDownloadOrder: UnsettledDownloadOrder | null;
  /** At most one pending timer per purpose. */
  readonly timers: Readonly<Record<TimerPurpose, PendingTimer | null>>;
  readonly connectivity: ConnectivityState;
  readonly directive: Directive | null;
  /** Set by a transition that owes the portal a directive; the decider pays it with DirectiveIssued. */
  readonly directiveDue: DirectiveReason | null;
  /** What the app returned for the fulfilment directive (current generation), as the portal reported it. */
  readonly operationContext: OperationContext | null;
  /** After a re-order the device is already trying, so the new profile is released at once. */
  readonly releaseNow: boolean;
  readonly lpaReports: number;
  /** Sequence of the last event folded: the next event's sequence is one more. */
  readonly sequence: number;
  readonly updatedAt: string | null;
}

export const initialPurchaseContext: PurchaseContext = {
  transactionId: null,
  flow: null,
  settings: null,
  purchase: null,
  metadata: null,
  startedAt: null,
  eid: null,
  profileType: null,
  profile: null,
  formerProfiles: [],
  pending: { downloadOrder: null, confirmOrder: null, releaseProfile: null, cancelOrder: [] },
  unsettledDownloadOrder: null,
  timers: {
    releaseProfile: null,
    confirmationDeadline: null,
    connectivityDeadline: null,
    downloadOrderReconciliation: null,
  },
  connectivity: 'notRequired',
  directive: null,
  directiveDue: null,
  operationContext: null,
  releaseNow: false,
  lpaReports: 0,
  sequence: 0,
  updatedAt: null,
};

const heldByDevice: readonly SmdpProfileState[] = ['Downloaded', 'Installed'];

/** D24: a profile we still hold at the SM-DP+ and that the device has not taken. */
export function isCancellable(profile: ProfileRecord | null): profile is ProfileRecord {
  return profile !== null && profile.state !== 'Available' && !heldByDevice.includes(profile.state);
}

export function isHeldByDevice(profile: ProfileRecord | null): boolean {
  return profile !== null && heldByDevice.includes(profile.state);
}
