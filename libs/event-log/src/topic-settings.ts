import type { ITopicConfig } from 'kafkajs';

/**
 * How long a topic keeps its records (ADR 0015). `forever`: every record stays (the event log, the inputs decisions
 * were made from, and every topic a projection is rebuilt from). `latestPerKey`: compacted; the latest record of a
 * key is the truth and older ones may go, once they are `minCompactionLagMs` old. `changelog`: compacted as soon as
 * the cleaner gets to it, a cache of state that is rebuilt from the log (ADR 0032), read whole at each claim, so it
 * rolls segments hourly for the cleaner to keep it near one record per key.
 */
export type TopicRetention = 'forever' | 'latestPerKey' | 'changelog';

/** Replication of the topics the apps create (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS). */
export interface TopicDurability {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** Local defaults: one broker. Production guidance is 3 and 2 (ADR 0015). */
export const LOCAL_DURABILITY: TopicDurability = { replicationFactor: 1, minInsyncReplicas: 1 };

/** A live reader that is at most this far behind still sees every record of a compacted topic (7 days). */
export const MIN_COMPACTION_LAG_MS = 7 * 24 * 60 * 60 * 1000;

/** How often a changelog rolls its active segment, which the cleaner never compacts (1 hour). */
export const CHANGELOG_SEGMENT_MS = 60 * 60 * 1000;

/** A topic as the apps create it: kafkajs' createTopics entry, with the retention it must keep. */
export interface TopicSpec extends ITopicConfig {
  readonly topic: string;
  readonly numPartitions: number;
  readonly retention: TopicRetention;
}

export function topicSpec(
  topic: string,
  numPartitions: number,
  retention: TopicRetention,
  durability: TopicDurability,
): TopicSpec {
  return {
    topic,
    numPartitions,
    replicationFactor: durability.replicationFactor,
    retention,
    configEntries: Object.entries(retentionSettings(retention))
      .concat([
        ['min.insync.replicas', String(durability.minInsyncReplicas)],
        // A replica that was not in sync never becomes leader: that would silently drop acknowledged records.
        ['unclean.leader.election.enable', 'false'],
      ])
      .map(([name, value]) => ({ name, value })),
  };
}

function retentionSettings(retention: TopicRetention): Record<string, string> {
  switch (retention) {
    case 'forever':
      return { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' };
    case 'latestPerKey':
      return {
        'cleanup.policy': 'compact',
        'min.compaction.lag.ms': String(MIN_COMPACTION_LAG_MS),
      };
    case 'changelog':
      return {
        'cleanup.policy': 'compact',
        'min.compaction.lag.ms': '0',
        'segment.ms': String(CHANGELOG_SEGMENT_MS),
      };
    default: {
      const _exhaustive: never = retention;
      return _exhaustive;
    }
  }
}

/**
 * Why a topic's current settings would delete records it must keep, or null when they keep them. `settings` are the
 * topic's effective values as describeConfigs reports them.
 */
export function retentionViolation(
  retention: TopicRetention,
  settings: ReadonlyMap<string, string>,
): string | null {
  const policies = new Set(
    (settings.get('cleanup.policy') ?? 'delete').split(',').map((p) => p.trim()),
  );
  const timeBounded = (settings.get('retention.ms') ?? '-1') !== '-1';
  const sizeBounded = (settings.get('retention.bytes') ?? '-1') !== '-1';
  const deletes = policies.has('delete') && (timeBounded || sizeBounded);
  const bound = [
    timeBounded ? `retention.ms=${settings.get('retention.ms')}` : null,
    sizeBounded ? `retention.bytes=${settings.get('retention.bytes')}` : null,
  ]
    .filter((part) => part !== null)
    .join(' ');
  switch (retention) {
    case 'forever':
      if (policies.has('compact')) return 'cleanup.policy=compact (its records must all stay)';
      return deletes ? `${bound} (it must keep its records forever: retention.ms=-1)` : null;
    case 'latestPerKey':
    case 'changelog':
      if (!policies.has('compact')) {
        return deletes ? `${bound} (it must be compacted: cleanup.policy=compact)` : null;
      }
      return deletes
        ? `${bound} with cleanup.policy=compact,delete (compaction alone must decide)`
        : null;
    default: {
      const _exhaustive: never = retention;
      return _exhaustive;
    }
  }
}
