/**
 * What a projection folded for each purchase at the last batch it applied, kept across batches (issue 14): the next
 * batch steps on from it instead of reading the purchase's history back from PostgreSQL and folding it all again.
 *
 * A kept fold is only a shortcut, never the truth. It is filed under the position it reached (the last sequence,
 * or the count of stored events), and a batch uses it only when the row it reads in its own transaction stands at
 * exactly that position: the state at a position is the fold of the log's first events up to it, so any other
 * writer (another process after a rebalance, a rebuild that emptied the tables, a transaction that rolled back
 * after the fold was kept) shows as a different position, and the batch reads the history back as before. Kept
 * values must never be changed in place: a batch that rolls back must leave what it read untouched.
 *
 * Bounded: the least recently kept purchases are forgotten beyond `capacity`. A rebuild reads each purchase's events
 * together, so only the purchases cut by a batch's end are looked up again; live, a purchase's next events mostly
 * come within seconds. A forgotten fold costs a read-back, as before; a larger map only keeps snapshots (a kB or
 * two each) on the heap for the garbage collector to trace.
 */
export class KeptFolds<S> {
  private readonly folds = new Map<string, { readonly at: number; readonly state: S }>();

  constructor(private readonly capacity = 5_000) {}

  /** The fold kept for the purchase, if it was taken at exactly `at`. */
  at(transactionId: string, at: number): S | undefined {
    const kept = this.folds.get(transactionId);
    return kept?.at === at ? kept.state : undefined;
  }

  keep(transactionId: string, at: number, state: S): void {
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently kept.
    this.folds.delete(transactionId);
    this.folds.set(transactionId, { at, state });
    if (this.folds.size > this.capacity) {
      const oldest = this.folds.keys().next();
      if (oldest.done !== true) this.folds.delete(oldest.value);
    }
  }

  get size(): number {
    return this.folds.size;
  }
}
