import type { Kafka } from 'kafkajs';
import { PartitionProgress } from './partition-progress';

const labels = { projection: 'view', group: 'g' };

/** An admin client whose first `failures` offset requests fail, as a broker still electing leaders answers. */
function kafkaFailing(failures: number, high: string): { kafka: Kafka; calls: () => number } {
  let calls = 0;
  const admin = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    fetchTopicOffsets: () => {
      calls += 1;
      return calls <= failures
        ? Promise.reject(new Error('This server is not the leader for that topic-partition'))
        : Promise.resolve([{ partition: 0, offset: high, high, low: '0' }]);
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls: () => calls };
}

describe('PartitionProgress', () => {
  it('asks again for the ends when the broker does not answer for a new topic yet', async () => {
    const progress = new PartitionProgress(new Map());
    progress.assigned({ events: [0] }, labels);
    const { kafka, calls } = kafkaFailing(2, '3');

    await progress.sampleEnds(kafka, 5);

    expect(calls()).toBe(3);
    expect(progress.lag()).toBe(3);
    expect(progress.caughtUpOnce()).toBe(false);
    progress.batchEnded({ topic: 'events', partition: 0, highWatermark: '3', lastOffset: '2' });
    expect(progress.caughtUpOnce()).toBe(true);
  });

  it('leaves readiness to the next join when the ends stay unknown', async () => {
    const progress = new PartitionProgress(new Map());
    progress.assigned({ events: [0] }, labels);
    const { kafka, calls } = kafkaFailing(10, '3');

    await progress.sampleEnds(kafka, 2);

    expect(calls()).toBe(2);
    expect(progress.caughtUpOnce()).toBe(false);
  });
});
