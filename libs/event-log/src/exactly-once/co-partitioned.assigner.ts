import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITIONED_ASSIGNER = 'CoPartitionedAssigner';

export type Assignment = Record<string, Record<string, number[]>>;

/**
 * Partition p of every subscribed topic goes to the same member, so that one process owns all inputs of a purchase
 * (G1: a purchase's records sit in partition p of each topic keyed by transactionId). Members are sorted so that
 * every member computes the same answer.
 */
export function assignCoPartitioned(
  memberIds: readonly string[],
  partitionsByTopic: Readonly<Record<string, readonly number[]>>,
): Assignment {
  const members = [...memberIds].sort();
  const assignment: Assignment = Object.fromEntries(members.map((member) => [member, {}]));
  if (members.length === 0) return assignment;
  for (const [topic, partitions] of Object.entries(partitionsByTopic)) {
    for (const partition of partitions) {
      const member = assignment[members[partition % members.length]!]!;
      (member[topic] ??= []).push(partition);
    }
  }
  return assignment;
}

export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITIONED_ASSIGNER,
  version: 0,
  // kafkajs' own assigners are written the same way; `this` is not used.
  // eslint-disable-next-line @typescript-eslint/require-await
  async assign({ members, topics }) {
    const partitionsByTopic = Object.fromEntries(
      topics.map((topic) => [
        topic,
        cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId),
      ]),
    );
    const assignment = assignCoPartitioned(
      members.map((member) => member.memberId),
      partitionsByTopic,
    );
    return Object.entries(assignment).map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: topicPartitions,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol: assignerProtocol(CO_PARTITIONED_ASSIGNER),
});

/** What a member of a group with our assigners tells the group: the assigner's name and the topics, no user data. */
export function assignerProtocol(name: string): ReturnType<PartitionAssigner>['protocol'] {
  return ({ topics }) => ({
    name,
    metadata: AssignerProtocol.MemberMetadata.encode({
      version: 0,
      topics,
      userData: Buffer.alloc(0),
    }),
  });
}
