import {
  currentSchemaVersion,
  type PurchaseEffect,
  type PurchaseEvent,
  type PurchaseInput,
  purchaseInputSchema,
  type PurchaseSettings,
  type PurchaseSettingsInput,
  newPurchaseSettingsSchema,
  type Rejection,
} from '@mp/contracts';
import { eventId } from '../ids/deterministic-ids';
import {
  type Decision,
  type EventDraft,
  type PurchaseSnapshot,
  type Translation,
} from './decision.types';
import { type DeciderState, foldState } from './decider-state';
import { stateOf, step } from './fold';
import { nextFollowUp } from './follow-ups';
import { translatePortalEvent } from './portal-input.translator';
import {
  translateConnectivityResult,
  translateDownloadProgress,
  translateSmdpResult,
  translateTimerFired,
} from './system-input.translator';

/** Follow-ups settle in a few steps; the bound only guards against a machine bug looping forever. */
const maxFollowUps = 8;

/** An input as the host admitted it: parsed and typed once, or the reason it is not one (the raw value kept). */
export type AdmittedInput =
  | { readonly ok: true; readonly input: PurchaseInput }
  | { readonly ok: false; readonly raw: unknown; readonly rejection: Rejection };

/** Validates anything the host received as a purchase input (purchaseInputSchema). */
export function admitInput(input: unknown): AdmittedInput {
  const parsed = purchaseInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const parameter = issue?.path.join('.') ?? null;
  return {
    ok: false,
    raw: input,
    rejection: { code: 'INVALID_INPUT', reason: issue?.message ?? 'invalid input', parameter },
  };
}

/**
 * decide(history, input, settings): the pure heart of the orchestrator. `history` is the purchase's events so far
 * (already upcast), `input` anything the host received for it (validated here), `settings` the current
 * configuration, used only when the input starts a purchase (it is then recorded in the first event). Never
 * throws for a business reason: invalid or unacceptable inputs come back as a rejection.
 */
export function decide(
  history: readonly PurchaseEvent[],
  input: unknown,
  settings: PurchaseSettingsInput,
): Decision {
  return decideAdmitted(history, admitInput(input), settings);
}

/** decide for an input the host has already validated and typed (admitInput, or built from parsed parts). */
export function decideAdmitted(
  history: readonly PurchaseEvent[],
  admitted: AdmittedInput,
  settings: PurchaseSettingsInput,
): Decision {
  return decideFrom(foldState(history), admitted, settings);
}

/**
 * decide from the purchase's kept state instead of its history (issue 14, ADR 0031): the same answer as
 * `decideAdmitted(history, …)` when `state` is the fold of that history (`foldState`, or kept with `advanceState`
 * and `stateAfter`), without folding it again. Pure as decide: no clock, no randomness, no I/O.
 */
export function decideFrom(
  state: DeciderState,
  admitted: AdmittedInput,
  settings: PurchaseSettingsInput,
): Decision {
  const before = state.snapshot;
  const raw = rawMeta(admitted.ok ? admitted.input : admitted.raw, before);
  // G3: an input already answered (accepted or rejected) is answered again with nothing new.
  if (raw !== null && state.answered.includes(raw.inputId)) {
    return { outcome: 'duplicate', events: [], effects: [], snapshot: before };
  }
  if (!admitted.ok) return rejected(before, admitted.rejection, raw, 'unknown');
  const valid = admitted.input;
  const meta = { inputId: valid.id, at: valid.at, transactionId: valid.transactionId };
  if (before.context.flow === null && !startsPurchase(valid)) {
    const reason = `no purchase ${valid.transactionId} has started`;
    return rejected(
      before,
      { code: 'UNKNOWN_PURCHASE', reason, parameter: 'transactionId' },
      meta,
      valid.kind,
    );
  }
  // Settings matter only to the input that starts a purchase; afterwards the recorded ones rule (and the current
  // ones are not even parsed).
  const current =
    before.context.settings === null ? newPurchaseSettingsSchema.safeParse(settings) : null;
  const effective = before.context.settings ?? (current?.success ? current.data : null);
  if (effective === null) {
    const reason = `invalid settings: ${current?.error?.issues[0]?.message ?? 'unknown'}`;
    return rejected(
      before,
      { code: 'INVALID_INPUT', reason, parameter: 'settings' },
      meta,
      valid.kind,
    );
  }
  const translation = translate(valid, before, effective);
  if (!translation.ok) return rejected(before, translation.rejection, meta, valid.kind);
  return apply(before, translation.drafts, meta, valid.kind);
}

interface InputMeta {
  readonly inputId: string;
  readonly at: string;
  readonly transactionId: string;
}

function translate(
  input: PurchaseInput,
  snapshot: PurchaseSnapshot,
  settings: PurchaseSettings,
): Translation {
  const { context } = snapshot;
  if (context.transactionId !== null && context.transactionId !== input.transactionId) {
    return mismatch(
      `input is for ${input.transactionId}, this purchase is ${context.transactionId}`,
    );
  }
  switch (input.kind) {
    case 'portalEvent':
      // An LPA error report arrives under the new launch's transactionId; the host routes it here by ICCID.
      if (
        input.event.type !== 'LpaErrorReported' &&
        input.event.transactionId !== input.transactionId
      ) {
        return mismatch('the portal event names another transactionId');
      }
      return translatePortalEvent(input.event, context, settings, input.at, stateOf(snapshot));
    case 'smdpResult':
      return translateSmdpResult(input, context, stateOf(snapshot));
    case 'downloadProgress':
      return translateDownloadProgress(input, context);
    case 'connectivityResult':
      return translateConnectivityResult(input, context);
    case 'timerFired':
      return translateTimerFired(input, context);
    default: {
      const _exhaustive: never = input;
      return _exhaustive;
    }
  }
}

function apply(
  before: PurchaseSnapshot,
  drafts: readonly EventDraft[],
  meta: InputMeta,
  inputKind: string,
): Decision {
  let snapshot = before;
  const events: PurchaseEvent[] = [];
  const effects: PurchaseEffect[] = [];
  const record = (draft: EventDraft): boolean => {
    const event = complete(draft, meta, events.length, lastSequence(before) + events.length + 1);
    if (!snapshot.can(event)) return false;
    const result = step(snapshot, event);
    snapshot = result.snapshot;
    events.push(event);
    effects.push(...result.effects);
    return true;
  };
  for (const draft of drafts) {
    if (!record(draft)) {
      const reason = `${draft.type} is not accepted while the purchase is ${stateOf(snapshot)}`;
      return rejected(
        before,
        { code: 'NOT_ACCEPTED_IN_STATE', reason, parameter: null },
        meta,
        inputKind,
      );
    }
  }
  for (let round = 0; round < maxFollowUps; round += 1) {
    const followUp = nextFollowUp(snapshot, meta.at, lastSequence(before) + events.length + 1);
    if (followUp === null || !record(followUp)) break;
  }
  return { outcome: 'accepted', events, effects, snapshot };
}

function rejected(
  before: PurchaseSnapshot,
  rejection: Rejection,
  meta: InputMeta | null,
  inputKind: string,
): Decision {
  // Not this purchase's input: recording it here would put another purchase's id in this log.
  const foreign =
    rejection.code === 'TRANSACTION_MISMATCH' || rejection.code === 'UNKNOWN_PURCHASE';
  if (meta === null || foreign) {
    return { outcome: 'rejected', rejection, events: [], effects: [], snapshot: before };
  }
  const draft: EventDraft = {
    type: 'CommandRejected',
    data: { ...rejection, inputKind, state: stateOf(before) },
  };
  const event = complete(draft, meta, 0, lastSequence(before) + 1);
  return {
    outcome: 'rejected',
    rejection,
    events: [event],
    effects: [],
    snapshot: step(before, event).snapshot,
  };
}

function complete(
  draft: EventDraft,
  meta: InputMeta,
  index: number,
  sequence: number,
): PurchaseEvent {
  return {
    ...draft,
    metadata: {
      eventId: eventId(meta.inputId, index),
      transactionId: meta.transactionId,
      sequence,
      occurredAt: meta.at,
      causationId: meta.inputId,
      schemaVersion: currentSchemaVersion[draft.type],
    },
  };
}

function lastSequence(snapshot: PurchaseSnapshot): number {
  return snapshot.context.sequence;
}

function startsPurchase(input: PurchaseInput): boolean {
  if (input.kind !== 'portalEvent') return false;
  const type = input.event.type;
  return type === 'PurchaseCompleted' || type === 'PurchaseCancelled' || type === 'PurchaseFailed';
}

function mismatch(reason: string): Translation {
  return {
    ok: false,
    rejection: { code: 'TRANSACTION_MISMATCH', reason, parameter: 'transactionId' },
  };
}

/** An input that failed validation is still recorded when it names its id, time and purchase. */
function rawMeta(input: unknown, snapshot: PurchaseSnapshot): InputMeta | null {
  if (typeof input !== 'object' || input === null) return null;
  const { id, at, transactionId } = input as Record<string, unknown>;
  const known = snapshot.context.transactionId;
  const valid =
    typeof id === 'string' && id !== '' && typeof at === 'string' && !Number.isNaN(Date.parse(at));
  if (!valid || typeof transactionId !== 'string' || (known !== null && known !== transactionId))
    return null;
  if (known === null && (transactionId === '' || transactionId.length > 64)) return null;
  return { inputId: id, at, transactionId };
}
