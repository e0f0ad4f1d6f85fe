/**
 * ICCID → the purchase that reserved it, for the live purchases of every partition (ADR 0032): an input addressed
 * by ICCID lands on any partition, not on its purchase's. Fed by the changelog's `mp-iccids` headers (every
 * process reads them all) and by this process's own commits; a purchase evicted leaves it.
 */
export class IccidIndex {
  private readonly owners = new Map<string, string>();
  private readonly byPurchase = new Map<string, readonly string[]>();

  owner(iccid: string): string | null {
    return this.owners.get(iccid) ?? null;
  }

  /** The purchase's ICCIDs as its latest snapshot lists them (a purchase's ICCIDs only ever grow). */
  set(transactionId: string, iccids: readonly string[]): void {
    if (iccids.length === 0) return;
    const known = this.byPurchase.get(transactionId);
    if (known !== undefined && iccids.every((iccid) => known.includes(iccid))) return;
    const all = [...new Set([...(known ?? []), ...iccids])];
    this.byPurchase.set(transactionId, all);
    for (const iccid of all) this.owners.set(iccid, transactionId);
  }

  remove(transactionId: string): void {
    for (const iccid of this.byPurchase.get(transactionId) ?? []) {
      if (this.owners.get(iccid) === transactionId) this.owners.delete(iccid);
    }
    this.byPurchase.delete(transactionId);
  }

  get size(): number {
    return this.owners.size;
  }
}
