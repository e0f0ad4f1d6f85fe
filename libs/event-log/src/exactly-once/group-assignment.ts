import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';

/**
 * What the group says about a partition this member held, asked before claiming it again after a failed
 * transaction (ADR 0026): `assigned`, claim it; `elsewhere`, do not (the group has given it, or is about to give it,
 * to whoever its next assignment says); `unknown`, the group could not be asked in time, claim as before.
 */
export type GroupAssignment =
  | { readonly kind: 'assigned' }
  | { readonly kind: 'elsewhere'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** How long the group is asked before the lane claims as it would have without asking. */
export const groupQuestionDeadlineMs = 3000;

/**
 * Reads a DescribeGroups answer. Stable: the partition is this member's if its assignment gives it for any of the
 * input topics; a member the group no longer lists (expelled after its session, e.g. a process frozen and resumed)
 * holds nothing. Rebalancing: the assignment is being made anew and will claim every partition it gives, so a claim
 * now would at best be repeated and at worst fence the partition's next owner. Empty or Dead: no member holds
 * anything, this one included.
 */
export function readGroupAssignment(
  group: Pick<GroupDescription, 'state' | 'members'>,
  memberId: string,
  partition: number,
  topics: readonly string[],
): GroupAssignment {
  switch (group.state) {
    case 'Stable': {
      const member = group.members.find((candidate) => candidate.memberId === memberId);
      if (member === undefined) {
        return { kind: 'elsewhere', reason: 'the group no longer lists this member' };
      }
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const given = topics.some((topic) => decoded?.assignment[topic]?.includes(partition));
      return given
        ? { kind: 'assigned' }
        : { kind: 'elsewhere', reason: 'the group gives the partition to another member' };
    }
    case 'PreparingRebalance':
    case 'CompletingRebalance':
      return { kind: 'elsewhere', reason: 'the group is rebalancing' };
    case 'Empty':
    case 'Dead':
      return { kind: 'elsewhere', reason: `the group is ${group.state}` };
    case 'Unknown':
      return { kind: 'unknown', reason: `the group is in state ${group.state}` };
    default: {
      // A state this kafkajs does not name (a newer broker's): the lane claims as before.
      const _exhaustive: never = group.state;
      return { kind: 'unknown', reason: `the group is in state ${String(_exhaustive)}` };
    }
  }
}

/** Asks the group's coordinator (DescribeGroups), giving up after `deadlineMs`. Never throws. */
export async function askGroupAssignment(
  admin: Admin,
  question: { groupId: string; memberId: string; partition: number; topics: readonly string[] },
  deadlineMs = groupQuestionDeadlineMs,
): Promise<GroupAssignment> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<GroupAssignment>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: 'unknown', reason: `no answer within ${deadlineMs} ms` }),
      deadlineMs,
    );
  });
  const answer = admin.describeGroups([question.groupId]).then(
    ({ groups }): GroupAssignment => {
      // kafkajs throws on an error code; a group it was not asked about cannot be read.
      const group = groups.find((candidate) => candidate.groupId === question.groupId);
      if (group === undefined) return { kind: 'unknown', reason: 'the group was not described' };
      return readGroupAssignment(group, question.memberId, question.partition, question.topics);
    },
    (error: unknown): GroupAssignment => ({
      kind: 'unknown',
      reason: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}
