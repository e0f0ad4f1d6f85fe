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

export interface BalanceState {
  /** The transactionId of the purchase that opened this balance. */
  readonly openedBy: string;
  readonly balanceType: PlanBalanceType;
  readonly dataMB: number;
  readonly expiresAtMs: number;
  /** Sorted, upper case: balances are told apart by the set of locations they apply to. */
  readonly locations: readonly string[];
}

type Fact =
  | { readonly kind: 'credit'; readonly fact: CreditFact }
  | { readonly kind: 'usage'; readonly fact: UsageFact };

/**
 * The balances of one SIM: a deterministic fold of its facts in the order they happened (by time; a credit before
 * usage at the same instant; then by id). The projector keeps the facts and recomputes this after each change, so
 * the result depends only on the set of facts, not on the order Kafka delivered them in: a rebuild from offset 0,
 * which may interleave the two topics differently, gives the same balances (G6).
 */
export function foldBalances(
  credits: readonly CreditFact[],
  usages: readonly UsageFact[],
): BalanceState[] {
  const facts: Fact[] = [
    ...credits.map((fact) => ({ kind: 'credit' as const, fact })),
    ...usages.map((fact) => ({ kind: 'usage' as const, fact })),
  ].sort(byOccurrence);
  let balances: BalanceState[] = [];
  for (const item of facts) {
    balances = item.kind === 'credit' ? credit(balances, item.fact) : use(balances, item.fact);
  }
  return balances;
}

function byOccurrence(a: Fact, b: Fact): number {
  if (a.fact.atMs !== b.fact.atMs) return a.fact.atMs - b.fact.atMs;
  if (a.kind !== b.kind) return a.kind === 'credit' ? -1 : 1;
  return a.fact.id < b.fact.id ? -1 : a.fact.id > b.fact.id ? 1 : 0;
}

/**
 * D15/D16: one balance per set of locations (no stacking in a country). A plan for a set that has an unexpired
 * balance adds its data to it and moves the expiry to the later of the two; otherwise it opens a new balance,
 * which replaces an expired one for the same set.
 */
function credit(balances: readonly BalanceState[], fact: CreditFact): BalanceState[] {
  const expiresAtMs = addIsoDuration(fact.atMs, fact.validity) ?? fact.atMs;
  const locations = [...new Set(fact.locations.map((code) => code.toUpperCase()))].sort();
  const key = locations.join(',');
  const current = balances.find((balance) => balance.locations.join(',') === key);
  const others = balances.filter((balance) => balance !== current);
  if (current !== undefined && current.expiresAtMs > fact.atMs) {
    return [
      ...others,
      {
        ...current,
        balanceType: fact.balanceType,
        dataMB: current.dataMB + fact.dataMB,
        expiresAtMs: Math.max(current.expiresAtMs, expiresAtMs),
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
      locations,
    },
  ];
}

/**
 * D17: usage in a location is taken from the unexpired balances that cover it, the one expiring first first, and
 * never below 0. Usage no balance covers at that time (before any plan, or after expiry) changes nothing.
 */
function use(balances: readonly BalanceState[], fact: UsageFact): BalanceState[] {
  const location = fact.location.toUpperCase();
  const candidates = balances
    .filter((balance) => balance.expiresAtMs > fact.atMs && balance.locations.includes(location))
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.openedBy < b.openedBy ? -1 : 1));
  let left = fact.usedMB;
  const taken = new Map<BalanceState, number>();
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
