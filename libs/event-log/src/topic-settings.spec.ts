import { retentionViolation, topicSpec } from './topic-settings';
import { kafkaNames } from './topics';

const settings = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('topic settings (ADR 0015)', () => {
  it('gives every topic explicit retention, replication and election settings', () => {
    const spec = topicSpec('t', 4, 'forever', { replicationFactor: 3, minInsyncReplicas: 2 });

    expect(spec).toMatchObject({ topic: 't', numPartitions: 4, replicationFactor: 3 });
    expect(Object.fromEntries(spec.configEntries!.map((e) => [e.name, e.value]))).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '-1',
      'retention.bytes': '-1',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
    });
  });

  it('keeps the log forever and compacts only the directives', () => {
    const { specs, topics } = kafkaNames('ns');
    const compacted = specs.filter((spec) => spec.retention === 'latestPerKey').map((s) => s.topic);

    expect(compacted).toEqual([topics.directives]);
    expect(specs).toHaveLength(Object.keys(topics).length);
  });

  it.each([
    [
      'forever',
      { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' },
      null,
    ],
    [
      'forever',
      { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
      /retention\.ms=604800000/,
    ],
    [
      'forever',
      { 'retention.ms': '-1', 'retention.bytes': '1073741824' },
      /retention\.bytes=1073741824/,
    ],
    ['forever', { 'cleanup.policy': 'compact', 'retention.ms': '-1' }, /cleanup\.policy=compact/],
    ['latestPerKey', { 'cleanup.policy': 'compact', 'retention.ms': '604800000' }, null],
    [
      'latestPerKey',
      { 'cleanup.policy': 'compact,delete', 'retention.ms': '604800000' },
      /compact,delete/,
    ],
    [
      'latestPerKey',
      { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
      /must be compacted/,
    ],
    ['latestPerKey', { 'cleanup.policy': 'delete', 'retention.ms': '-1' }, null],
  ] as const)('%s with %j → %s', (retention, entries, expected) => {
    const violation = retentionViolation(retention, settings(entries));
    if (expected === null) expect(violation).toBeNull();
    else expect(violation).toMatch(expected);
  });
});
