import {
  type PurchaseEffect,
  type PurchaseEvent,
  type PurchaseEventType,
  type Rejection,
} from '@mp/contracts';
import { type SnapshotFrom } from 'xstate';
import { type PurchaseMachine } from '../machine/purchase.machine';

export type PurchaseSnapshot = SnapshotFrom<PurchaseMachine>;

/** An event before the decider gives it metadata. */
export type EventDraft = {
  [T in PurchaseEventType]: {
    readonly type: T;
    readonly data: Extract<PurchaseEvent, { type: T }>['data'];
  };
}[PurchaseEventType];

export type Translation =
  | { readonly ok: true; readonly drafts: readonly EventDraft[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * The answer to one input. `events` are to be appended to the purchase's log and `effects` carried out, in the
 * same transaction. A rejection records a CommandRejected event (when the purchase is known) so that support sees
 * it and a redelivery is recognised as a duplicate.
 */
export type Decision =
  | {
      readonly outcome: 'accepted';
      readonly events: readonly PurchaseEvent[];
      readonly effects: readonly PurchaseEffect[];
      readonly snapshot: PurchaseSnapshot;
    }
  | {
      readonly outcome: 'rejected';
      readonly rejection: Rejection;
      readonly events: readonly PurchaseEvent[];
      readonly effects: readonly [];
      readonly snapshot: PurchaseSnapshot;
    }
  | {
      readonly outcome: 'duplicate';
      readonly events: readonly [];
      readonly effects: readonly [];
      readonly snapshot: PurchaseSnapshot;
    };

export const reject = (
  code: Rejection['code'],
  reason: string,
  parameter: string | null = null,
): Translation => ({ ok: false, rejection: { code, reason, parameter } });

export const accept = (...drafts: EventDraft[]): Translation => ({ ok: true, drafts });
