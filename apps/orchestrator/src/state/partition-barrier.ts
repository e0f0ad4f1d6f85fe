import { Headers, RecordKinds, type OutgoingMessage, type TopicNames } from '@mp/event-log';

/**
 * The records a new owner of partition p commits after fencing: one per topic its state is restored from (the
 * changelog, or the event log and the parking topic when it rebuilds: ADR 0032), which the restore reads up to.
 * Each names the group member that claimed (`memberId`), so the log says which process owned the partition from
 * there on.
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
  topics.purchaseSnapshots,
];
