import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { KafkaUnreachableError } from './kafka-unreachable.error';
import { withDeadline } from './with-deadline';
import { TopicLayoutError } from './topic-layout.error';
import { TopicSettingsError } from './topic-settings.error';
import { retentionViolation, type TopicSpec } from './topic-settings';
import { TOPIC_SPECS } from './topics';

/**
 * A long-lived admin connection used for readiness checks and topic set-up. It reconnects on the next call
 * after a failure rather than keeping a broken socket.
 */
export class KafkaClusterProbe {
  private admin: Admin | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly brokers: readonly string[],
  ) {}

  /** Resolves with the number of live brokers; rejects within `timeoutMs`. */
  async check(timeoutMs: number): Promise<number> {
    try {
      const admin = await this.connected(timeoutMs);
      const cluster = await withDeadline(admin.describeCluster(), timeoutMs, 'describeCluster');
      if (cluster.brokers.length === 0) throw new Error('no broker is registered in the cluster');
      return cluster.brokers.length;
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  /**
   * Start-up: waits for the cluster (bounded), makes sure the topics exist with their settings, that those in
   * `coPartitioned` have one partition count, and that no existing topic would delete what it must keep.
   */
  async awaitCluster(
    timeoutMs: number,
    topics: readonly TopicSpec[] = TOPIC_SPECS,
    coPartitioned: readonly string[] = [],
  ): Promise<void> {
    const started = Date.now();
    let lastError: unknown = new Error('no attempt made');
    while (Date.now() - started < timeoutMs) {
      try {
        await this.check(Math.min(5000, timeoutMs));
        await this.ensureTopics(topics);
        await this.checkCoPartitioned(coPartitioned);
        await this.checkRetention(topics);
        return;
      } catch (error) {
        if (error instanceof TopicLayoutError || error instanceof TopicSettingsError) throw error;
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    throw new KafkaUnreachableError(this.brokers, Date.now() - started, lastError);
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected(5000);
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: spec.replicationFactor,
          configEntries: spec.configEntries,
        })),
      });
    } catch (error) {
      if (!isInvalidReplication(error)) throw error;
      const brokers = (await admin.describeCluster()).brokers.length;
      throw new TopicSettingsError([
        `KAFKA_REPLICATION_FACTOR=${missing[0]?.replicationFactor} asks for more replicas than the ${brokers} broker(s) of the cluster`,
      ]);
    }
  }

  /** Existing topics keep the settings they were made with; refuse those that would delete what must stay. */
  async checkRetention(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.connected(5000);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })),
    });
    const problems: string[] = [];
    for (const spec of topics) {
      const resource = described.resources.find((entry) => entry.resourceName === spec.topic);
      const settings = new Map(
        (resource?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
      );
      const violation = retentionViolation(spec.retention, settings);
      if (violation !== null) problems.push(`${spec.topic} has ${violation}`);
    }
    if (problems.length > 0) throw new TopicSettingsError(problems);
  }

  /**
   * Gives existing topics the settings as code (an operator's deliberate step, `npm run kafka:topic-settings`; start-up
   * never changes a topic). Keeping records longer never loses any; returns the topics changed.
   */
  async applySettings(topics: readonly TopicSpec[]): Promise<string[]> {
    const admin = await this.connected(5000);
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((spec) => existing.has(spec.topic));
    if (present.length === 0) return [];
    await admin.alterConfigs({
      validateOnly: false,
      resources: present.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.topic,
        configEntries: [...(spec.configEntries ?? [])],
      })),
    });
    await this.settingsVisible(admin, present);
    return present.map((spec) => spec.topic);
  }

  /**
   * The controller has accepted a change when AlterConfigs answers; the broker that answers DescribeConfigs shows it
   * once it has applied the metadata record, a little later. Waits for that (bounded), so that a check right after
   * sees the settings just given, not the ones they replaced.
   */
  private async settingsVisible(
    admin: Admin,
    topics: readonly TopicSpec[],
    timeoutMs = 10_000,
  ): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })),
      });
      const visible = topics.every((spec) => {
        const resource = described.resources.find((entry) => entry.resourceName === spec.topic);
        const shown = new Map(
          (resource?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
        );
        return (spec.configEntries ?? []).every((entry) => shown.get(entry.name) === entry.value);
      });
      if (visible || Date.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Topics created by hand, or before the configured count changed, may disagree; refuse to run on them. */
  async checkCoPartitioned(topics: readonly string[]): Promise<void> {
    if (topics.length < 2) return;
    const admin = await this.connected(5000);
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    const counts = Object.fromEntries(
      metadata.topics.map((topic) => [topic.name, topic.partitions.length]),
    );
    if (new Set(Object.values(counts)).size > 1) throw new TopicLayoutError(counts);
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async connected(timeoutMs: number): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await withDeadline(admin.connect(), timeoutMs, 'Kafka admin connect');
    this.admin = admin;
    return admin;
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

function isInvalidReplication(error: unknown): boolean {
  const failures = (error as { errors?: unknown[] }).errors ?? [error];
  return failures.some(
    (failure) => (failure as { type?: unknown } | null)?.type === 'INVALID_REPLICATION_FACTOR',
  );
}
