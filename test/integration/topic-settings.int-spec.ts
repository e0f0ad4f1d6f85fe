import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { loadPortalGatewayConfig } from '@mp/config';
import {
  createKafkaClient,
  KafkaClusterProbe,
  kafkaNames,
  TopicSettingsError,
  type KafkaNames,
} from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import { repositoryRoot } from '../support/build-apps';
import { connectedAdmin, createTopicsSettled } from '../support/kafka-admin';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

// G11: the topics the apps create carry explicit settings (ADR 0015), read back from the broker with describeConfigs,
// and start-up refuses an existing topic whose settings would delete records it must keep.

const names = (env: Record<string, string>): KafkaNames => {
  const kafka = loadPortalGatewayConfig(env).kafka;
  return kafkaNames(kafka.namespace, kafka.topicPartitions, {
    replicationFactor: kafka.replicationFactor,
    minInsyncReplicas: kafka.minInsyncReplicas,
  });
};

/** Start-up's own topic set-up, as KafkaStartupGate runs it. */
async function setUpTopics(env: Record<string, string>): Promise<unknown> {
  const config = loadPortalGatewayConfig(env).kafka;
  const logger = createAppLogger({ appName: 'portal-gateway', logLevel: 'silent' });
  const probe = new KafkaClusterProbe(createKafkaClient(config, logger), config.brokers);
  const { specs, coPartitioned } = names(env);
  try {
    return await probe.awaitCluster(10_000, specs, coPartitioned).then(
      () => null,
      (error: unknown) => error,
    );
  } finally {
    await probe.close();
  }
}

async function settingsOf(admin: Admin, topics: readonly string[]) {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  return new Map(
    described.resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(
        resource.configEntries.map((entry) => [entry.configName, entry.configValue]),
      ),
    ]),
  );
}

let admin: Admin;
beforeAll(async () => {
  admin = await connectedAdmin(testEnvironment());
});
afterAll(() => admin.disconnect());

it('creates every topic with its retention, min.insync.replicas from the settings and unclean election off', async () => {
  const env = testEnvironment({ ...isolatedEnvironment(), KAFKA_MIN_INSYNC_REPLICAS: '2' });
  const { topics } = names(env);

  expect(await setUpTopics(env)).toBeNull();

  const settings = await settingsOf(admin, Object.values(topics));
  const forever = {
    'cleanup.policy': 'delete',
    'retention.ms': '-1',
    'retention.bytes': '-1',
    'min.insync.replicas': '2',
    'unclean.leader.election.enable': 'false',
  };
  for (const topic of [
    topics.purchaseEvents,
    topics.portalEvents,
    topics.usage,
    topics.balanceAdjustments,
    topics.purchaseInputs,
    topics.purchaseEffects,
    topics.rejectedRecords,
    topics.purchaseParking,
  ]) {
    expect({ topic, ...settings.get(topic) }).toMatchObject({ topic, ...forever });
  }
  expect(settings.get(topics.directives)).toMatchObject({
    'cleanup.policy': 'compact',
    'min.compaction.lag.ms': String(7 * 24 * 3600 * 1000),
    'min.insync.replicas': '2',
    'unclean.leader.election.enable': 'false',
  });
  const metadata = await admin.fetchTopicMetadata({ topics: [topics.purchaseEvents] });
  expect(metadata.topics[0]?.partitions[0]?.replicas).toHaveLength(1);
});

it('refuses an existing event log that keeps one day, and a compacted parking topic, naming both in one line', async () => {
  const env = testEnvironment(isolatedEnvironment());
  const { topics } = names(env);
  // As if made by hand (or by an older version) before the apps first ran.
  await createTopicsSettled(admin, {
    topics: [
      {
        topic: topics.purchaseEvents,
        numPartitions: 4,
        configEntries: [{ name: 'retention.ms', value: '86400000' }],
      },
      {
        topic: topics.purchaseParking,
        numPartitions: 4,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ],
  });

  const failure = await setUpTopics(env);

  expect(failure).toBeInstanceOf(TopicSettingsError);
  const message = (failure as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toContain(
    `${topics.purchaseEvents} has retention.ms=86400000 (it must keep its records forever: retention.ms=-1)`,
  );
  expect(message).toContain(`${topics.purchaseParking} has cleanup.policy=compact`);
  // The refusal changes nothing: the topic keeps the operator's settings until they change them.
  expect(
    (await settingsOf(admin, [topics.purchaseEvents])).get(topics.purchaseEvents),
  ).toMatchObject({ 'retention.ms': '86400000' });
});

it('refuses a replication factor the cluster cannot give, saying so', async () => {
  const env = testEnvironment({ ...isolatedEnvironment(), KAFKA_REPLICATION_FACTOR: '3' });

  const failure = await setUpTopics(env);

  expect(failure).toBeInstanceOf(TopicSettingsError);
  expect((failure as Error).message).toMatch(
    /KAFKA_REPLICATION_FACTOR=3 asks for more replicas than the 1 broker\(s\) of the cluster/,
  );
});

it('gives existing topics their settings when the operator runs npm run kafka:topic-settings, and start-up then goes on', async () => {
  const env = testEnvironment(isolatedEnvironment());
  const { topics } = names(env);
  await createTopicsSettled(admin, {
    topics: [
      {
        topic: topics.usage,
        numPartitions: 4,
        configEntries: [{ name: 'retention.ms', value: '3600000' }],
      },
    ],
  });
  expect(await setUpTopics(env)).toBeInstanceOf(TopicSettingsError);

  const run = spawnSync(
    process.execPath,
    [
      resolve(repositoryRoot, 'node_modules/tsx/dist/cli.mjs'),
      'tools/kafka/apply-topic-settings.ts',
    ],
    { cwd: repositoryRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );

  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`  ${topics.usage}\n`);
  expect(await setUpTopics(env)).toBeNull();
  expect((await settingsOf(admin, [topics.usage])).get(topics.usage)).toMatchObject({
    'retention.ms': '-1',
    'cleanup.policy': 'delete',
    'unclean.leader.election.enable': 'false',
  });
});
