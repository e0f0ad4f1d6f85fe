import { type PurchaseEvent } from '@mp/contracts';
import { type Decision, type PurchaseSnapshot } from './decision.types';
import { initialSnapshot, restoreSnapshot, step } from './fold';
import { type PurchaseContext } from '../machine/purchase.context';

/**
 * Everything `decide` reads from a purchase's history, kept as the history grows (issue 14, ADR 0031): the
 * machine's snapshot (its context holds the last sequence, so the next event's number) and the inputs already
 * answered, the causation ids of its events, in first-seen order (G3: an input seen again is a duplicate). It is
 * the fold of the events and nothing else, so the log stays the truth: folding the history again gives it back.
 */
export interface DeciderState {
  readonly snapshot: PurchaseSnapshot;
  readonly answered: readonly string[];
}

/** A DeciderState as JSON can carry it: the snapshot's state value and context, no machine objects. */
export interface PersistedDeciderState {
  readonly value: PurchaseSnapshot['value'];
  readonly context: PurchaseContext;
  readonly answered: readonly string[];
}

export function emptyDeciderState(): DeciderState {
  return { snapshot: initialSnapshot(), answered: [] };
}

/** The state of a whole history: the reference that the kept state must always equal. */
export function foldState(events: readonly PurchaseEvent[]): DeciderState {
  return events.reduce(advanceState, emptyDeciderState());
}

/** One more event of the log (read back from it, or decided elsewhere). */
export function advanceState(state: DeciderState, event: PurchaseEvent): DeciderState {
  return {
    snapshot: step(state.snapshot, event).snapshot,
    answered: answer(state.answered, event.metadata.causationId),
  };
}

/**
 * The state once a decision's events are appended. The decision already stepped the machine through them (its
 * `snapshot`), so they are not folded again; only the input they answer is added.
 */
export function stateAfter(state: DeciderState, decision: Decision): DeciderState {
  let answered = state.answered;
  for (const event of decision.events) answered = answer(answered, event.metadata.causationId);
  return { snapshot: decision.snapshot, answered };
}

export function persistedState(state: DeciderState): PersistedDeciderState {
  const { value, context } = state.snapshot;
  return { value, context, answered: state.answered };
}

/** The state a persisted one names, under this build's machine (which must be the machine that wrote it). */
export function restoredState(persisted: PersistedDeciderState): DeciderState {
  return {
    snapshot: restoreSnapshot(persisted.value, persisted.context),
    answered: persisted.answered,
  };
}

function answer(answered: readonly string[], causationId: string): readonly string[] {
  // A decision's events share their input's id: the last one is the usual hit.
  if (answered.at(-1) === causationId || answered.includes(causationId)) return answered;
  return [...answered, causationId];
}

/**
 * Bumped by hand when the context's shape or what an event does to it changes in a way the machine's definition
 * does not show (a new field, a changed `evolve`): a persisted state names it, with the definition, and is
 * restored only by the machine that wrote it (ADR 0032).
 */
export const PERSISTED_STATE_FORMAT = 1;
