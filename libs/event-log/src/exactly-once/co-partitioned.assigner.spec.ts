import { assignCoPartitioned } from './co-partitioned.assigner';

describe('co-partitioned assignment', () => {
  const topics = { events: [0, 1, 2, 3, 4, 5], inputs: [0, 1, 2, 3, 4, 5] };

  it('gives partition p of every topic to the same member', () => {
    const assignment = assignCoPartitioned(['m-b', 'm-a'], topics);

    for (const member of Object.values(assignment)) {
      expect(member.events).toEqual(member.inputs);
    }
    expect(assignment['m-a']).toEqual({ events: [0, 2, 4], inputs: [0, 2, 4] });
    expect(assignment['m-b']).toEqual({ events: [1, 3, 5], inputs: [1, 3, 5] });
  });

  it('gives everything to a lone member and is the same whatever the order of members', () => {
    expect(assignCoPartitioned(['solo'], topics)).toEqual({ solo: topics });
    expect(assignCoPartitioned(['x', 'y', 'z'], topics)).toEqual(
      assignCoPartitioned(['z', 'x', 'y'], topics),
    );
  });

  it('leaves a member without partitions when there are more members than partitions', () => {
    const assignment = assignCoPartitioned(['a', 'b', 'c'], { only: [0, 1] });

    expect(assignment).toEqual({ a: { only: [0] }, b: { only: [1] }, c: {} });
  });
});
