/**
 * Runs work for one partition one piece at a time, in arrival order: batches of both input topics, claims and timer
 * fires of partition p never interleave (G1).
 */
export class SerialLane {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work);
    this.last = next.catch(() => undefined);
    return next;
  }
}
