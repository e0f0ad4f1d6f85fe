import type { PurchaseEffect, PurchaseEvent, PurchaseView } from '@mp/contracts';
import type { ContextChange } from './context-diff';

export interface EventCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** An event of the history with where it sits in Kafka. */
export interface LocatedEvent {
  readonly event: PurchaseEvent;
  readonly kafka: EventCoordinates;
}

/** An effect record as the orchestrator appended it. */
export interface RecordedEffect {
  readonly effectId: string;
  readonly causationId: string;
  readonly effect: unknown;
  readonly kafka: EventCoordinates;
}

/** The comparison of what a decision emits today with what was recorded when it ran. */
export interface EffectCheck {
  /** `event`: records name this event as their cause; `input`: they name the input (the whole decision). */
  readonly scope: 'event' | 'input';
  readonly causationId: string;
  readonly status: 'same' | 'differs';
  /** Recorded, but the current machine no longer emits it. */
  readonly missing: readonly unknown[];
  /** Emitted by the current machine, but never recorded. */
  readonly unexpected: readonly unknown[];
  /** True when the same effects were recorded in another order. */
  readonly reordered: boolean;
  readonly recorded: readonly RecordedEffect[];
}

export interface TimerNote {
  readonly timerId: string;
  readonly purpose: string;
  readonly dueAt?: string;
}

/** What one step emitted, by kind (the raw list is `effects`). */
export interface EmittedByKind {
  readonly es2Requests: readonly PurchaseEffect[];
  readonly directives: readonly PurchaseEffect[];
  readonly connectivity: readonly PurchaseEffect[];
  readonly alerts: readonly PurchaseEffect[];
  readonly timers: {
    readonly scheduled: readonly TimerNote[];
    readonly cancelled: readonly TimerNote[];
    readonly fired: readonly TimerNote[];
  };
}

export interface ReplayStep {
  readonly index: number;
  readonly sequence: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly causationId: string;
  readonly kafka: EventCoordinates;
  readonly stateBefore: string;
  readonly stateAfter: string;
  /** False when the current machine would not take this event in the state it arrived in. */
  readonly accepted: boolean;
  readonly changes: readonly ContextChange[];
  readonly effects: readonly PurchaseEffect[];
  readonly emitted: EmittedByKind;
  readonly check: EffectCheck | null;
  /** True when replaying this step today would decide differently from what ran. */
  readonly divergent: boolean;
}

export interface Replay {
  readonly transactionId: string;
  readonly initialState: string;
  readonly finalState: string;
  readonly view: PurchaseView | null;
  /** The states the purchase went through, in order (consecutive repeats folded). */
  readonly path: readonly string[];
  /** Whether effect records were found to compare with (none when the effects topic was not indexed). */
  readonly effectsCompared: boolean;
  readonly divergentSteps: readonly number[];
  readonly steps: readonly ReplayStep[];
}
