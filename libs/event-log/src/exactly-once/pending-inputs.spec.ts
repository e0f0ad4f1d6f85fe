import type { KafkaMessage } from 'kafkajs';
import { offsetsAfter, PendingInputs, type PendingChunk } from './pending-inputs';

const messages = (...offsets: number[]) =>
  offsets.map((offset) => ({ offset: String(offset) }) as KafkaMessage);

const chunk = (topic: string, ...offsets: number[]): PendingChunk => ({
  topic,
  messages: messages(...offsets),
  stillWanted: () => true,
  settle: () => undefined,
  fail: () => undefined,
});

describe('PendingInputs', () => {
  it('takes the oldest chunks up to the record limit, in arrival order', () => {
    const pending = new PendingInputs();
    const [a, b, c] = [chunk('in', 1, 2), chunk('portal', 7), chunk('in', 3, 4)];
    for (const each of [a, b, c]) pending.add(each);
    expect(pending.take(3)).toEqual([a, b]);
    expect(pending.take(3)).toEqual([c]);
    expect(pending.take(3)).toEqual([]);
  });

  it('takes one chunk larger than the limit rather than none', () => {
    const pending = new PendingInputs();
    const big = chunk('in', 1, 2, 3, 4);
    pending.add(big);
    pending.add(chunk('in', 5));
    expect(pending.take(2)).toEqual([big]);
  });
});

describe('offsetsAfter', () => {
  it('commits one offset per topic, past the last record taken', () => {
    expect(
      offsetsAfter(4, [chunk('in', 10, 11), chunk('portal', 3), chunk('in', 12), chunk('x')]),
    ).toEqual([
      { topic: 'in', partition: 4, offset: '13' },
      { topic: 'portal', partition: 4, offset: '4' },
    ]);
  });
});
