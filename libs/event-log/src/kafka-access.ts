import type { AppName } from '@mp/config';
import { ConsumerGroups, Topics } from './topics';

type TopicKey = keyof typeof Topics;
type GroupKey = keyof typeof ConsumerGroups;

/** Transactional ids, as prefixes: one id per input partition (`mobileplans-orchestrator-p3`), for fencing (G2). */
export const TransactionalIdPrefixes = {
  orchestrator: 'mobileplans-orchestrator-p',
} as const;

/** What one app does on Kafka, in the names of topics.ts: what docs/kafka-acls.md and the ACLs are made from. */
export interface KafkaAccess {
  readonly reads: readonly TopicKey[];
  readonly writes: readonly TopicKey[];
  /**
   * Consumer groups it joins; `prefixed`: also groups named after it (per-process readers, rebuilds); `deletes`:
   * it deletes those when done.
   */
  readonly groups: readonly {
    readonly group: GroupKey;
    readonly prefixed?: true;
    readonly deletes?: true;
  }[];
  readonly transactionalIdPrefixes: readonly (keyof typeof TransactionalIdPrefixes)[];
  /** False for a system outside the project: it neither checks nor creates topics at start-up. */
  readonly checksTopics?: false;
}

/** Systems outside the project that use its Kafka contracts with a principal of their own. */
export const EXTERNAL_KAFKA_USERS = ['provisioning-system'] as const;
export type ExternalKafkaUser = (typeof EXTERNAL_KAFKA_USERS)[number];
export type KafkaPrincipal = AppName | ExternalKafkaUser;

/**
 * Each app's reads and writes, as its code does them (the file named beside each). Every app also checks the
 * topics at start-up and creates the missing ones (KafkaStartupGate): Describe and DescribeConfigs on every topic,
 * and Create unless they are created beforehand.
 */
export const KAFKA_ACCESS: Readonly<Record<KafkaPrincipal, KafkaAccess>> = {
  // processing/ (exactly-once over its inputs), state/partition-restorer.ts (restores a claimed partition from the
  // changelog, or rebuilds it from the log, in groups of its own under the prefix), state/log-tail.ts (the ICCIDs)
  orchestrator: {
    reads: [
      'portalEvents',
      'purchaseInputs',
      'provisioningResults',
      'purchaseEvents',
      'purchaseParking',
      'purchaseSnapshots',
    ],
    writes: [
      'purchaseEvents',
      'purchaseEffects',
      'directives',
      'provisioningRequests',
      'rejectedRecords',
      'purchaseParking',
      'purchaseInputs',
      'purchaseSnapshots',
    ],
    groups: [{ group: 'orchestrator', prefixed: true }],
    transactionalIdPrefixes: ['orchestrator'],
  },
  // intake/intake.service.ts, views/purchase-view.projector.ts
  'portal-gateway': {
    reads: ['purchaseEvents'],
    writes: ['portalEvents', 'usage', 'balanceAdjustments'],
    groups: [{ group: 'purchaseViewProjector' }],
    transactionalIdPrefixes: [],
  },
  // kafka/effect.consumer.ts, kafka/input.publisher.ts
  'smdp-adapter': {
    reads: ['purchaseEffects'],
    writes: ['purchaseInputs', 'rejectedRecords'],
    groups: [{ group: 'smdpAdapter' }],
    transactionalIdPrefixes: [],
  },
  // connectivity/connectivity-stand-in.service.ts (development only): the provisioning contract, as a
  // provisioning system speaks it
  'smdp-simulator': {
    reads: ['provisioningRequests'],
    writes: ['provisioningResults', 'rejectedRecords'],
    groups: [{ group: 'connectivity' }],
    transactionalIdPrefixes: [],
  },
  // projection/ (and the rebuild command's own groups, deleted when it ends)
  'balance-api': {
    reads: ['purchaseEvents', 'usage', 'balanceAdjustments'],
    writes: ['rejectedRecords'],
    groups: [{ group: 'balanceProjector', prefixed: true, deletes: true }],
    transactionalIdPrefixes: [],
  },
  // index/event-indexer.service.ts, redrive/redrive.service.ts
  support: {
    reads: ['purchaseEvents', 'purchaseEffects', 'rejectedRecords', 'purchaseParking'],
    writes: ['purchaseInputs'],
    groups: [{ group: 'supportIndexer' }],
    transactionalIdPrefixes: [],
  },
  // The operator's network (docs/contracts.md section 7): reads the requests, answers on the results topic. Its
  // consumer groups are its own, under the prefix.
  'provisioning-system': {
    reads: ['provisioningRequests'],
    writes: ['provisioningResults'],
    groups: [{ group: 'provisioningSystem', prefixed: true }],
    transactionalIdPrefixes: [],
    checksTopics: false,
  },
};

export type AclResource = 'topic' | 'group' | 'transactionalId' | 'cluster';

/** One ACL binding: allow the app's principal these operations on this resource. */
export interface AclRule {
  readonly resource: AclResource;
  readonly pattern: 'literal' | 'prefixed';
  readonly name: string;
  readonly operations: readonly (
    'Read' | 'Write' | 'Describe' | 'DescribeConfigs' | 'Create' | 'Delete'
  )[];
}

/** The ACLs an app needs under a namespace ('' in production): the minimum its code uses. */
export function kafkaAcls(app: KafkaPrincipal, namespace = ''): AclRule[] {
  const access = KAFKA_ACCESS[app];
  const prefix = namespace === '' ? '' : `${namespace}.`;
  const topic = (key: TopicKey) => prefix + Topics[key];
  const topics = new Map<string, Set<AclRule['operations'][number]>>();
  const allow = (name: string, operation: AclRule['operations'][number]) =>
    topics.set(name, new Set([...(topics.get(name) ?? []), operation]));
  for (const key of access.reads) allow(topic(key), 'Read');
  for (const key of access.writes) allow(topic(key), 'Write');
  return [
    ...[...topics].map(([name, operations]): AclRule => ({
      resource: 'topic',
      pattern: 'literal',
      name,
      operations: [...operations],
    })),
    // Start-up checks every topic's layout and settings (ADR 0015) and creates the missing ones.
    ...(access.checksTopics === false
      ? []
      : [
          {
            resource: 'topic',
            pattern: 'prefixed',
            name: `${prefix}mobileplans.`,
            operations: ['Describe', 'DescribeConfigs', 'Create'],
          } satisfies AclRule,
        ]),
    ...access.groups.map(({ group, prefixed, deletes }): AclRule => ({
      resource: 'group',
      pattern: prefixed ? 'prefixed' : 'literal',
      name: prefix + ConsumerGroups[group],
      operations: deletes ? ['Read', 'Delete'] : ['Read'],
    })),
    ...access.transactionalIdPrefixes.map((key): AclRule => ({
      resource: 'transactionalId',
      pattern: 'prefixed',
      name: prefix + TransactionalIdPrefixes[key],
      operations: ['Write', 'Describe'],
    })),
  ];
}
