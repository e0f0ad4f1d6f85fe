/**
 * Kafka names in one place (architecture.md section 2). External topics are fixed contracts (contracts.md);
 * internal ones are ours. A keyed topic's partition count never changes once it holds data.
 */
export const Topics = {
  portalEvents: 'mobileplans.portal-events.v1',
  usage: 'mobileplans.usage.v1',
  directives: 'mobileplans.directives.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

export const DEFAULT_PARTITIONS = 6;

export const TOPIC_SPECS: readonly TopicSpec[] = Object.values(Topics).map((topic) => ({
  topic,
  numPartitions: DEFAULT_PARTITIONS,
}));
