import { randomUUID } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { KeyPlacementPartitioner } from './key-placement.partitioner';

const metadata = (count: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

describe('KeyPlacementPartitioner', () => {
  it("places every key where kafkajs's default partitioner does, asked once or many times, whatever the count", () => {
    const ours = KeyPlacementPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    // More keys per count than it keeps (8,192), so answers are also given again after its table was dropped.
    const keys = Array.from({ length: 20_000 }, (_, index) =>
      index % 7 === 0 ? `tx-${index}` : randomUUID(),
    );
    const mismatches: string[] = [];
    for (const round of [1, 2]) {
      for (const [index, key] of keys.entries()) {
        const count = index % 2 === 0 ? 4 : 1 + (index % 12);
        const args = {
          topic: 't',
          partitionMetadata: metadata(count),
          message: { key, value: null },
        };
        if (ours(args) !== reference(args)) mismatches.push(`${round}:${count}:${key}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('leaves an explicit partition and a record without a string key to the default partitioner', () => {
    const ours = KeyPlacementPartitioner();
    const args = (message: PartitionerArgs['message']) => ({
      topic: 't',
      partitionMetadata: metadata(4),
      message,
    });
    expect(ours(args({ key: 'tx-1', value: null, partition: 3 }))).toBe(3);
    const buffer = Buffer.from('tx-2');
    expect(ours(args({ key: buffer, value: null }))).toBe(
      Partitioners.DefaultPartitioner()(args({ key: buffer, value: null })),
    );
  });
});
