import { buildReplay } from './replay.builder';
import type { LocatedEvent, RecordedEffect, ReplayStep } from './replay.types';

/** One purchase of a history page (GET /v1/support/index/histories). */
export interface HistoryPagePurchase {
  readonly transactionId: string;
  readonly events: readonly LocatedEvent[];
  readonly effects: readonly RecordedEffect[];
}

export interface HistoryPage {
  readonly purchases: readonly HistoryPagePurchase[];
  /** The `after` of the next page; null after the last. */
  readonly next: string | null;
}

/** A purchase the current machine would decide differently, at its first differing step. */
export interface Divergence {
  readonly transactionId: string;
  /** How many of its steps differ. */
  readonly divergentSteps: number;
  readonly firstStep: {
    readonly sequence: number;
    readonly type: string;
    readonly occurredAt: string;
    readonly stateBefore: string;
    readonly stateAfter: string;
    readonly why: string;
  };
}

export interface FleetReport {
  readonly purchases: number;
  readonly events: number;
  readonly seconds: number;
  readonly divergences: readonly Divergence[];
}

/** The replay's verdict on one purchase (ADR 0010): null when every step decides what was recorded. */
export function verifyPurchase(purchase: HistoryPagePurchase): Divergence | null {
  if (purchase.events.length === 0) return null;
  const replay = buildReplay(purchase.transactionId, purchase.events, purchase.effects);
  const first = replay.steps.find((step) => step.divergent);
  if (first === undefined) return null;
  return {
    transactionId: purchase.transactionId,
    divergentSteps: replay.divergentSteps.length,
    firstStep: {
      sequence: first.sequence,
      type: first.type,
      occurredAt: first.occurredAt,
      stateBefore: first.stateBefore,
      stateAfter: first.stateAfter,
      why: whyDivergent(first),
    },
  };
}

export interface FleetVerifyHooks {
  /** Each differing purchase as soon as it is found. */
  readonly onDivergence?: (divergence: Divergence) => void;
  /** After each page: the counts so far. */
  readonly onProgress?: (purchases: number, events: number, seconds: number) => void;
  /** Seconds since the start (injected: the CLI's clock). */
  readonly elapsedSeconds: () => number;
}

/**
 * Folds every purchase of every page through this build's purchase machine. The next page is asked for before
 * the current one is folded, so the server reads while this process folds.
 */
export async function verifyFleet(
  nextPage: (after: string | null) => Promise<HistoryPage>,
  hooks: FleetVerifyHooks,
): Promise<FleetReport> {
  const divergences: Divergence[] = [];
  let purchases = 0;
  let events = 0;
  let pending: Promise<HistoryPage> | null = nextPage(null);
  while (pending !== null) {
    const page: HistoryPage = await pending;
    pending = page.next === null ? null : nextPage(page.next);
    for (const purchase of page.purchases) {
      purchases += 1;
      events += purchase.events.length;
      const divergence = verifyPurchase(purchase);
      if (divergence !== null) {
        divergences.push(divergence);
        hooks.onDivergence?.(divergence);
      }
    }
    hooks.onProgress?.(purchases, events, hooks.elapsedSeconds());
  }
  return { purchases, events, seconds: hooks.elapsedSeconds(), divergences };
}

function whyDivergent(step: ReplayStep): string {
  if (!step.accepted)
    return `the current machine does not take ${step.type} in ${step.stateBefore}`;
  const check = step.check;
  if (check === null) return 'decides differently';
  const parts = [
    check.missing.length > 0 ? `no longer emits ${check.missing.map(effectName).join(', ')}` : '',
    check.unexpected.length > 0 ? `now emits ${check.unexpected.map(effectName).join(', ')}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('; ') : 'emits differently';
}

function effectName(effect: unknown): string {
  const { type, function: fn } = (effect ?? {}) as { type?: unknown; function?: unknown };
  const name = typeof type === 'string' ? type : 'an unknown effect';
  return typeof fn === 'string' ? `${name} ${fn}` : name;
}
