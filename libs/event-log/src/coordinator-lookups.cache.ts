/**
 * kafkajs 2.2.4 asks the cluster which broker coordinates a group or a transactional id before every
 * coordinator request, and keeps no answer: each transaction of a transactional producer (add partitions, add
 * offsets, commit the offsets, end) sent four FindCoordinator requests besides its five own, about as many round
 * trips again (issue 15, ADR 0030). The Java client keeps the coordinator until a request to it fails.
 *
 * This keeps a lookup's answer for a short while, per cluster (each producer, consumer and admin client has its
 * own). Nothing depends on the answer being fresh for correctness: the broker checks every transactional and
 * offset request itself, and a coordinator that moved answers NOT_COORDINATOR, which kafkajs retries with a new
 * lookup; a kept answer makes those retries meet the old coordinator again for at most `keepMs`, well inside the
 * retry budgets (`transactionalProducerRetry` about 15 s, consumers' `outlastingRetry` minutes). A lookup that
 * failed is not kept.
 */
export class CoordinatorLookups<T> {
  private readonly kept = new Map<string, { answer: Promise<T>; until: number }>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept answer for `key` while it is fresh (a lookup in flight is shared), else `lookup`'s. */
  get(key: string, lookup: () => Promise<T>): Promise<T> {
    const kept = this.kept.get(key);
    if (kept !== undefined && kept.until > this.now()) return kept.answer;
    const answer = lookup();
    const entry = { answer, until: this.now() + this.keepMs };
    this.kept.set(key, entry);
    answer.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    return answer;
  }
}

interface ClusterPrototype {
  findGroupCoordinatorMetadata(
    this: object,
    query: { groupId: string; coordinatorType?: number },
  ): Promise<unknown>;
}

/** How long a coordinator lookup is kept: some seconds of back-to-back transactions share one lookup. */
export const COORDINATOR_KEEP_MS = 5000;

let installed = false;

/**
 * Makes every kafkajs cluster of this process keep its coordinator lookups (`CoordinatorLookups`). kafkajs has no
 * option for it, so its cluster's lookup method is wrapped, once; the request and its retries stay kafkajs' own.
 */
export function keepCoordinatorLookups(keepMs = COORDINATOR_KEEP_MS): void {
  if (installed) return;
  installed = true;
  // kafkajs exports no cluster: its module is required by path (kafkajs is pinned at 2.2.4, its last release).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prototype } = require('kafkajs/src/cluster/index.js') as { prototype: ClusterPrototype };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each cluster as `this`
  const lookup = prototype.findGroupCoordinatorMetadata;
  const caches = new WeakMap<object, CoordinatorLookups<unknown>>();
  prototype.findGroupCoordinatorMetadata = function (query) {
    let cache = caches.get(this);
    if (cache === undefined) {
      cache = new CoordinatorLookups(keepMs);
      caches.set(this, cache);
    }
    const key = `${query.coordinatorType ?? 0}:${query.groupId}`;
    return cache.get(key, () => lookup.call(this, query));
  };
}
