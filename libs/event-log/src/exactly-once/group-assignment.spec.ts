import {
  AssignerProtocol,
  type ConsumerGroupState,
  type GroupDescription,
  type MemberDescription,
} from 'kafkajs';
import { readGroupAssignment } from './group-assignment';

type Group = Pick<GroupDescription, 'state' | 'members'>;

const topics = ['portal-events', 'purchase-inputs'];

function member(memberId: string, assignment: Record<string, number[]>): MemberDescription {
  return {
    memberId,
    clientId: 'orchestrator',
    clientHost: '/127.0.0.1',
    memberMetadata: Buffer.alloc(0),
    memberAssignment: AssignerProtocol.MemberAssignment.encode({
      version: 0,
      assignment,
      userData: Buffer.alloc(0),
    }),
  };
}

const stable: Group = {
  state: 'Stable',
  members: [
    member('a', { 'portal-events': [0, 1], 'purchase-inputs': [0, 1] }),
    member('b', { 'portal-events': [2, 3], 'purchase-inputs': [2, 3] }),
  ],
};

describe('readGroupAssignment', () => {
  it('a stable group that gives the partition to this member: assigned', () => {
    expect(readGroupAssignment(stable, 'a', 1, topics)).toEqual({ kind: 'assigned' });
  });

  it('a stable group that gives the partition to another member: elsewhere', () => {
    expect(readGroupAssignment(stable, 'a', 2, topics)).toEqual({
      kind: 'elsewhere',
      reason: 'the group gives the partition to another member',
    });
  });

  it('a member the stable group no longer lists (expelled after its session) holds nothing', () => {
    expect(readGroupAssignment(stable, 'zombie', 0, topics)).toEqual({
      kind: 'elsewhere',
      reason: 'the group no longer lists this member',
    });
  });

  it('an assignment of any input topic counts, and one of another topic does not', () => {
    const group: Group = {
      state: 'Stable',
      members: [member('a', { 'purchase-inputs': [3], other: [1] })],
    };
    expect(readGroupAssignment(group, 'a', 3, topics).kind).toBe('assigned');
    expect(readGroupAssignment(group, 'a', 1, topics).kind).toBe('elsewhere');
  });

  it('a member with an empty assignment (more members than partitions) holds nothing', () => {
    const group: Group = { state: 'Stable', members: [member('a', {})] };
    expect(readGroupAssignment(group, 'a', 0, topics).kind).toBe('elsewhere');
  });

  it.each<ConsumerGroupState>(['PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'])(
    'a group that is %s: elsewhere (the next assignment claims what it gives)',
    (state) => {
      // Kafka describes members without their assignment while a group rebalances.
      const members = stable.members.map((m) => ({ ...m, memberAssignment: Buffer.alloc(0) }));
      expect(readGroupAssignment({ state, members }, 'a', 0, topics).kind).toBe('elsewhere');
    },
  );

  it('a state it cannot read (Unknown, or one kafkajs does not name): unknown, so the lane claims as before', () => {
    expect(readGroupAssignment({ ...stable, state: 'Unknown' }, 'a', 0, topics)).toEqual({
      kind: 'unknown',
      reason: 'the group is in state Unknown',
    });
    const newer = { ...stable, state: 'Assigning' as ConsumerGroupState };
    expect(readGroupAssignment(newer, 'a', 0, topics).kind).toBe('unknown');
  });
});
