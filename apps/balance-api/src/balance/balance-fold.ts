import { addIsoDuration } from './iso-duration';

export type PlanBalanceType = 'MODIRECTPAYG' | 'MODIRECT';

/** A plan a completed purchase put on a SIM (D15, D16). `id` is the purchase's transactionId. */
export interface CreditFact {
  readonly id: string;
  readonly atMs: number;
  readonly balanceType: PlanBalanceType;
  readonly dataMB: number;
  readonly validity: string;
  readonly locations: readonly string[];
}

/** Data used in one location (D17). `id` is the usage event's eventId. */
export interface UsageFact {
  readonly id: string;
  readonly atMs: number;
  readonly location: string;
  readonly usedMB: number;
}

/** What a balance adjustment of the charging system changes (ADR 0020), without its envelope. */
export type AdjustmentChange =
  | { readonly kind: 'subscriptionCancelled'; readonly locations: readonly string[] }
  | { readonly kind: 'refund'; readonly transactionId: string }
  | {
      readonly kind: 'setBalance';
      readonly locations: readonly string[];
      readonly balanceType: PlanBalanceType;
      readonly dataMB: number;
      readonly validity: string;
    }
  | {
      readonly kind: 'correctBalance';
      readonly locations: readonly string[];
      readonly deltaMB: number;
    }
  | {
      readonly kind: 'microBalanceAssigned';
      readonly locations: readonly string[];
      readonly dataMB: number;
      readonly validity: string;
    };

/** A balance adjustment (ADR 0020). `id` is its eventId. */
export interface AdjustmentFact {
  readonly id: string;
  readonly atMs: number;
  readonly change: AdjustmentChange;
}

export interface BalanceState {
  /** The transactionId of the purchase that opened this balance (`adjustment:<eventId>` for a set balance). */
  readonly openedBy: string;
  readonly balanceType: PlanBalanceType;
  readonly dataMB: number;
  readonly expiresAtMs: number;
  /** Sorted, upper case: balances are told apart by the set of locations they apply to. */
  readonly locations: readonly string[];
}

/** What a balance was made of so far: the purchases a refund can take back, and a set balance. */
interface Source {
  readonly id: string;
  readonly refundable: boolean;
  readonly dataMB: number;
  readonly expiresAtMs: number;
}

interface Working extends BalanceState {
  readonly sources: readonly Source[];
}

type Fact =
  | { readonly kind: 'credit'; readonly fact: CreditFact }
  | { readonly kind: 'adjustment'; readonly fact: AdjustmentFact }
  | { readonly kind: 'usage'; readonly fact: UsageFact };

/** At the same instant: credits, then adjustments, then usage. */
const rank: Readonly<Record<Fact['kind'], number>> = { credit: 0, adjustment: 1, usage: 2 };

/**
 * The balances of one SIM: a deterministic fold of its facts in the order they happened (by time; credits, then
 * adjustments, then usage at the same instant; then by id). The projector keeps the facts and recomputes this after
 * each change, so the result depends only on the set of facts, not on the order Kafka delivered them in: a rebuild
 * from offset 0, which may interleave the topics differently, gives the same balances (G6).
 */
export function foldBalances(
  credits: readonly CreditFact[],
  usages: readonly UsageFact[],
  adjustments: readonly AdjustmentFact[] = [],
): BalanceState[] {
  const facts: Fact[] = [
    ...credits.map((fact) => ({ kind: 'credit' as const, fact })),
    ...adjustments.map((fact) => ({ kind: 'adjustment' as const, fact })),
    ...usages.map((fact) => ({ kind: 'usage' as const, fact })),
  ].sort(byOccurrence);
  let balances: Working[] = [];
  for (const item of facts) {
    switch (item.kind) {
      case 'credit':
        balances = credit(balances, item.fact);
        break;
      case 'adjustment':
        balances = adjust(balances, item.fact);
        break;
      case 'usage':
        balances = use(balances, item.fact);
        break;
    }
  }
  return balances.map(({ sources: _sources, ...balance }) => balance);
}

function byOccurrence(a: Fact, b: Fact): number {
  if (a.fact.atMs !== b.fact.atMs) return a.fact.atMs - b.fact.atMs;
  if (a.kind !== b.kind) return rank[a.kind] - rank[b.kind];
  return a.fact.id < b.fact.id ? -1 : a.fact.id > b.fact.id ? 1 : 0;
}

const locationKey = (locations: readonly string[]): string[] =>
  [...new Set(locations.map((code) => code.toUpperCase()))].sort();

/** The balance for exactly this set of locations, if there is one, and the others. */
function split(balances: readonly Working[], locations: readonly string[]) {
  const key = locationKey(locations).join(',');
  const current = balances.find((balance) => balance.locations.join(',') === key);
  return { current, others: balances.filter((balance) => balance !== current) };
}

/**
 * D15/D16: one balance per set of locations (no stacking in a country). A plan for a set that has an unexpired
 * balance adds its data to it and moves the expiry to the later of the two; otherwise it opens a new balance,
 * which replaces an expired one for the same set.
 */
function credit(balances: readonly Working[], fact: CreditFact): Working[] {
  const expiresAtMs = addIsoDuration(fact.atMs, fact.validity) ?? fact.atMs;
  const source: Source = { id: fact.id, refundable: true, dataMB: fact.dataMB, expiresAtMs };
  const { current, others } = split(balances, fact.locations);
  if (current !== undefined && current.expiresAtMs > fact.atMs) {
    return [
      ...others,
      {
        ...current,
        balanceType: fact.balanceType,
        dataMB: current.dataMB + fact.dataMB,
        expiresAtMs: Math.max(current.expiresAtMs, expiresAtMs),
        sources: [...current.sources, source],
      },
    ];
  }
  return [
    ...others,
    {
      openedBy: fact.id,
      balanceType: fact.balanceType,
      dataMB: fact.dataMB,
      expiresAtMs,
      locations: locationKey(fact.locations),
      sources: [source],
    },
  ];
}

/** ADR 0020: what each kind of adjustment does to the balance it names, at its own time. */
function adjust(balances: readonly Working[], fact: AdjustmentFact): Working[] {
  const { change, atMs } = fact;
  switch (change.kind) {
    case 'subscriptionCancelled': {
      const { current, others } = split(balances, change.locations);
      if (current === undefined || current.expiresAtMs <= atMs) return [...balances];
      return [...others, { ...current, dataMB: 0, expiresAtMs: atMs, sources: [] }];
    }
    case 'refund':
      return refund(balances, atMs, change.transactionId);
    case 'setBalance': {
      const { current, others } = split(balances, change.locations);
      const expiresAtMs = addIsoDuration(atMs, change.validity) ?? atMs;
      const active = current !== undefined && current.expiresAtMs > atMs;
      return [
        ...others,
        {
          openedBy: active ? current.openedBy : `adjustment:${fact.id}`,
          balanceType: change.balanceType,
          dataMB: change.dataMB,
          expiresAtMs,
          locations: locationKey(change.locations),
          sources: [{ id: fact.id, refundable: false, dataMB: change.dataMB, expiresAtMs }],
        },
      ];
    }
    case 'correctBalance': {
      const { current, others } = split(balances, change.locations);
      if (current === undefined || current.expiresAtMs <= atMs) return [...balances];
      return [...others, { ...current, dataMB: Math.max(0, current.dataMB + change.deltaMB) }];
    }
    case 'microBalanceAssigned':
      // The operator's own allowance, never a Mobile Plans balance: GetBalance keeps answering what it did.
      return [...balances];
    default: {
      const _exhaustive: never = change;
      return _exhaustive;
    }
  }
}

/**
 * A refunded purchase's data leaves the active balance it went into (never below 0), and the expiry goes back to
 * the latest of what is left in it; a balance left with no source ends now. A purchase no active balance holds
 * (never credited to this SIM, already refunded, replaced by a set balance, expired) changes nothing.
 */
function refund(balances: readonly Working[], atMs: number, transactionId: string): Working[] {
  const current = balances.find(
    (balance) =>
      balance.expiresAtMs > atMs &&
      balance.sources.some((source) => source.refundable && source.id === transactionId),
  );
  if (current === undefined) return [...balances];
  const refunded = current.sources.find((source) => source.id === transactionId);
  const left = current.sources.filter((source) => source !== refunded);
  const expiresAtMs =
    left.length === 0
      ? atMs
      : Math.min(current.expiresAtMs, Math.max(...left.map((source) => source.expiresAtMs)));
  return balances.map((balance) =>
    balance === current
      ? {
          ...balance,
          dataMB: left.length === 0 ? 0 : Math.max(0, balance.dataMB - (refunded?.dataMB ?? 0)),
          expiresAtMs,
          sources: left,
        }
      : balance,
  );
}

/**
 * D17: usage in a location is taken from the unexpired balances that cover it, the one expiring first first, and
 * never below 0. Usage no balance covers at that time (before any plan, or after expiry) changes nothing.
 */
function use(balances: readonly Working[], fact: UsageFact): Working[] {
  const location = fact.location.toUpperCase();
  const candidates = balances
    .filter((balance) => balance.expiresAtMs > fact.atMs && balance.locations.includes(location))
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.openedBy < b.openedBy ? -1 : 1));
  let left = fact.usedMB;
  const taken = new Map<Working, number>();
  for (const balance of candidates) {
    if (left <= 0) break;
    const take = Math.min(balance.dataMB, left);
    taken.set(balance, take);
    left -= take;
  }
  return balances.map((balance) => {
    const take = taken.get(balance);
    return take === undefined
      ? balance
      : { ...balance, dataMB: Math.max(0, balance.dataMB - take) };
  });
}
