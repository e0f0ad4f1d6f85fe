import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';
import { loadOrchestratorConfig, type Environment } from '@mp/config';
import { createKafkaClient, kafkaAcls, kafkaNames, type AclRule } from '@mp/event-log';
import { createAppLogger, runApps, stopApps, type RunningApp } from '@mp/platform';
import { luhnCheckDigit } from '@mp/sim';
import { orchestratorApp } from '../../apps/orchestrator/src/orchestrator.app';
import { certsDir } from '../support/edge-client';
import { auditLog } from '../support/log-audit';
import { portalEvents } from '../support/portal-events';
import { startPrivateBroker, type PrivateBroker } from '../support/private-broker';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';
import { createTopicsSettled } from '../support/kafka-admin';

// Kafka as managed services run it: TLS, SASL (SCRAM-SHA-512/256, PLAIN) or client certificates, and an authorizer.
// On a broker of its own (tools/kafka/broker.sh's secured listeners), never the shared one.
jest.setTimeout(120_000);

const password = () => randomBytes(12).toString('hex');
const users = { orchestrator: password(), checker: password() };
const isolation = isolatedEnvironment('sasl');
const names = kafkaNames(isolation.KAFKA_NAMESPACE);
let broker: PrivateBroker;
let superUser: Kafka;

const operations: Readonly<Record<AclRule['operations'][number], AclOperationTypes>> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
};
const resources: Readonly<Record<AclRule['resource'], AclResourceTypes>> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  transactionalId: AclResourceTypes.TRANSACTIONAL_ID,
  cluster: AclResourceTypes.CLUSTER,
};

/** docs/kafka-acls.md's rules for one principal, as the admin API takes them. */
const aclEntries = (rules: readonly AclRule[], principal: string): AclEntry[] =>
  rules.flatMap((rule) =>
    rule.operations.map((operation) => ({
      resourceType: resources[rule.resource],
      resourceName: rule.name,
      resourcePatternType:
        rule.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation: operations[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );

/** The settings an app gets to reach this broker over one of its secured listeners. */
const secured = (settings: Environment): Record<string, string> =>
  testEnvironment({
    ...isolation,
    KAFKA_BROKERS: `127.0.0.1:${broker.ports.saslSsl}`,
    KAFKA_TLS: 'true',
    KAFKA_TLS_CA: resolve(certsDir, 'operator-ca.crt'),
    KAFKA_CONNECTION_TIMEOUT_MS: '3000',
    ...settings,
  });

async function describeCluster(settings: Environment): Promise<string> {
  const config = loadOrchestratorConfig(secured(settings));
  const logger = createAppLogger({ appName: 'orchestrator', logLevel: 'silent' });
  const admin = createKafkaClient(config.kafka, logger).admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return `${(await admin.describeCluster()).brokers.length} broker`;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

beforeAll(async () => {
  broker = await startPrivateBroker('kafka-sasl-ssl', {
    secured: true,
    env: {
      KAFKA_LOCAL_SASL_USERS: Object.entries(users)
        .map(([user, secret]) => `${user}:${secret}`)
        .join(','),
      KAFKA_LOCAL_ACLS: 'true',
    },
  });
  superUser = new Kafka({ brokers: [broker.plaintext], logLevel: logLevel.NOTHING });
  const admin = superUser.admin();
  await admin.connect();
  try {
    await createTopicsSettled(admin, { topics: [...names.specs] });
    await admin.createAcls({
      acl: aclEntries(kafkaAcls('orchestrator', isolation.KAFKA_NAMESPACE), 'User:orchestrator'),
    });
  } finally {
    await admin.disconnect();
  }
});

afterAll(() => broker?.stop());

describe('the Kafka client from typed settings', () => {
  it('connects over TLS with SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, or with a client certificate alone', async () => {
    const sasl = (mechanism: string, user: keyof typeof users, secret = users[user]) => ({
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD: secret,
    });
    const certificate = {
      KAFKA_BROKERS: `127.0.0.1:${broker.ports.ssl}`,
      KAFKA_TLS_CERT: resolve(certsDir, 'kafka-client.crt'),
      KAFKA_TLS_KEY: resolve(certsDir, 'kafka-client.key'),
    };

    expect({
      scram512: await describeCluster(sasl('scram-sha-512', 'orchestrator')),
      scram256: await describeCluster(sasl('scram-sha-256', 'checker')),
      plain: await describeCluster(sasl('plain', 'checker')),
      certificate: await describeCluster(certificate),
    }).toEqual({
      scram512: '1 broker',
      scram256: '1 broker',
      plain: '1 broker',
      certificate: '1 broker',
    });
  });

  it('is refused with a wrong password, without TLS, without a client certificate, or without an ACL', async () => {
    const wrong = await describeCluster({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'orchestrator',
      KAFKA_SASL_PASSWORD: 'not-the-password',
    });
    const noCertificate = await describeCluster({ KAFKA_BROKERS: `127.0.0.1:${broker.ports.ssl}` });
    const checker = new Kafka({
      brokers: [`127.0.0.1:${broker.ports.saslSsl}`],
      ssl: { ca: [readFileSync(resolve(certsDir, 'operator-ca.crt'), 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: 'checker', password: users.checker },
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).producer();
    await checker.connect();
    const write = await checker
      .send({ topic: names.topics.portalEvents, messages: [{ key: 'x', value: '{}' }] })
      .then(
        () => 'written',
        (error: Error) => error.message,
      );
    await checker.disconnect();

    expect(wrong).toMatch(/authentication failed/i);
    expect(noCertificate).toMatch(/certificate|alert|socket|closed/i);
    expect(write).toMatch(/not authorized/i);
  });
});

describe('the orchestrator over SASL_SSL, allowed only what docs/kafka-acls.md lists', () => {
  let orchestrator: RunningApp[] = [];
  let recorder: TopicRecorder;

  afterAll(async () => {
    await recorder?.stop();
    await stopApps(orchestrator);
  });

  it('decides every purchase once, in one transaction with its consumed offsets', async () => {
    orchestrator = await runApps([
      {
        definition: orchestratorApp,
        config: loadOrchestratorConfig(
          secured({
            ORCHESTRATOR_PORT: '0',
            KAFKA_SASL_MECHANISM: 'scram-sha-512',
            KAFKA_SASL_USERNAME: 'orchestrator',
            KAFKA_SASL_PASSWORD: users.orchestrator,
          }),
        ),
      },
    ]);
    recorder = new TopicRecorder(superUser, [
      names.topics.purchaseEvents,
      names.topics.purchaseEffects,
    ]);
    await recorder.start();
    const iccid = `894401000000000008${luhnCheckDigit('894401000000000008')}`;
    const events = [
      ...Array.from({ length: 4 }, () =>
        portalEvents.balanceAddition(`sasl-${randomUUID()}`, iccid),
      ),
      portalEvents.cancelled(`sasl-${randomUUID()}`),
      portalEvents.failed(`sasl-${randomUUID()}`),
    ];
    const expected = new Map(
      events.map((event) => [
        String(event.transactionId),
        event.type === 'PurchaseCancelled'
          ? 'cancelled'
          : event.type === 'PurchaseFailed'
            ? 'failed'
            : 'completed',
      ]),
    );
    const producer = superUser.producer();
    await producer.connect();
    await producer.send({
      topic: names.topics.portalEvents,
      acks: -1,
      messages: events.map((event) => ({
        key: String(event.transactionId),
        value: JSON.stringify(event),
      })),
    });
    await producer.disconnect();

    await waitFor(
      () => {
        const audit = auditLog(recorder, names.topics);
        return [...expected].every(([id, status]) => audit.status(id) === status)
          ? audit
          : undefined;
      },
      { timeoutMs: 60_000, what: 'every purchase in its final state' },
    );
    const admin = superUser.admin();
    await admin.connect();
    try {
      // The orchestrator's offsets reach the end of its input: committed with its transactions (G2).
      const ends = (await admin.fetchTopicOffsets(names.topics.portalEvents)).filter(
        (end) => end.high !== '0',
      );
      await waitFor(
        async () => {
          const [offsets] = await admin.fetchOffsets({
            groupId: names.groups.orchestrator,
            topics: [names.topics.portalEvents],
          });
          const committed = offsets?.partitions ?? [];
          return ends.every(
            (end) => committed.find((p) => p.partition === end.partition)?.offset === end.high,
          )
            ? true
            : undefined;
        },
        { what: 'the committed offsets at the end of the portal events' },
      );
      expect(ends.length).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
    await recorder.catchUp();
    const audit = auditLog(recorder, names.topics);
    expect(audit.violations).toEqual([]);
    expect(audit.histories.size).toBe(events.length);
  });
});
