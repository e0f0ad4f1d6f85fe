import { Headers, RecordKinds, type OutgoingMessage, type TopicNames } from '@mp/event-log';

/**
 * The records a new owner of partition p commits after fencing: one per topic its state is read from. Each names
 * the group member that claimed (`memberId`), so the log says which process owned the partition from there on.
 */
export function barrierMessages(
  topics: TopicNames,
  partition: number,
  claim: { readonly claimId: string; readonly memberId: string },
  claimedAt: string,
): OutgoingMessage[] {
  const value = JSON.stringify({
    claimId: claim.claimId,
    memberId: claim.memberId,
    partition,
    claimedAt,
  });
  return barrierTopics(topics).map((topic) => ({
    topic,
    partition,
    key: `partition-claimed:${partition}`,
    value,
    headers: { [Headers.recordKind]: RecordKinds.partitionClaimed },
  }));
}

export const barrierTopics = (topics: TopicNames): string[] => [
  topics.purchaseEvents,
  topics.purchaseParking,
];

/**
 * Waits for a claim's barriers to come back through the log tail. Reading its own barrier on every state topic
 * proves the tail has applied everything committed to the partition before the claim.
 */
export class BarrierTracker {
  private readonly seen = new Map<string, Set<string>>();
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly topicCount: number) {}

  seenOn(claimId: string, topic: string): void {
    const topics = this.seen.get(claimId) ?? new Set<string>();
    topics.add(topic);
    this.seen.set(claimId, topics);
    this.settle(claimId);
  }

  wait(claimId: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.set(claimId, resolve);
      this.settle(claimId);
    });
  }

  private settle(claimId: string): void {
    const resolve = this.waiting.get(claimId);
    if (resolve === undefined || (this.seen.get(claimId)?.size ?? 0) < this.topicCount) return;
    this.waiting.delete(claimId);
    this.seen.delete(claimId);
    resolve();
  }
}
