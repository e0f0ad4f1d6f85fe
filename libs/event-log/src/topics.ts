import type { KafkaConfig } from '@mp/config';
import {
  LOCAL_DURABILITY,
  topicSpec,
  type TopicDurability,
  type TopicRetention,
  type TopicSpec,
} from './topic-settings';

/**
 * Kafka names in one place (architecture.md section 2). External topics are fixed contracts (contracts.md);
 * internal ones are ours (ADR 0007). Every topic keyed by transactionId has the same partition count, so that
 * partition p of each holds the same purchases: the orchestrator owns "partition p" of all of them together.
 * A keyed topic's partition count never changes once it holds data.
 */
export const Topics = {
  /** External: portal backends → orchestrator, key transactionId. */
  portalEvents: 'mobileplans.portal-events.v1',
  /** External: charging system → balance projection, key ICCID. */
  usage: 'mobileplans.usage.v1',
  /** External: charging system → balance projection, key ICCID: refunds, cancellations, set or corrected balances. */
  balanceAdjustments: 'mobileplans.balance-adjustments.v1',
  /** External: each directive as issued, key transactionId. */
  directives: 'mobileplans.directives.v1',
  /** External: orchestrator → the operator's provisioning system, key ICCID (ADR 0021). */
  provisioningRequests: 'mobileplans.provisioning-requests.v1',
  /** External: the provisioning system's results → orchestrator, key ICCID (ADR 0021). */
  provisioningResults: 'mobileplans.provisioning-results.v1',
  /** The purchase event log, the source of truth; key transactionId. Only the orchestrator writes it. */
  purchaseEvents: 'mobileplans.purchase-events.v1',
  /** Internal inputs to the orchestrator (SM-DP+ results, notifications, commands); key transactionId or ICCID. */
  purchaseInputs: 'mobileplans.purchase-inputs.v1',
  /** Effect requests (ES2+ calls, connectivity, alerts) for whoever carries them out; key transactionId. */
  purchaseEffects: 'mobileplans.purchase-effects.v1',
  /** Records no purchase accepted as input, with the reason (G8); key as the original record. */
  rejectedRecords: 'mobileplans.rejected-records.v1',
  /** Parked purchases and the inputs held for them (G7); key transactionId. */
  purchaseParking: 'mobileplans.purchase-parking.v1',
  /**
   * Internal, the orchestrator's changelog (ADR 0032): each live purchase's latest snapshot, written in the
   * transaction of the decision that made it, in the partition of its purchase. A cache of the event log, rebuilt
   * from it when missing; keys are `purchase:<transactionId>` and the changelog's own records.
   */
  purchaseSnapshots: 'mobileplans.purchase-snapshots.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Consumer group ids, one per role. */
export const ConsumerGroups = {
  orchestrator: 'mobileplans.orchestrator',
  smdpAdapter: 'mobileplans.smdp-adapter',
  /** The simulator's stand-in for the provisioning system. */
  connectivity: 'mobileplans.connectivity-provisioner',
  /** The operator's provisioning system (its own principal: docs/kafka-acls.md). */
  provisioningSystem: 'mobileplans.provisioning-system',
  balanceProjector: 'mobileplans.balance-projector',
  purchaseViewProjector: 'mobileplans.purchase-view-projector',
  supportIndexer: 'mobileplans.support-indexer',
} as const;

/** Record headers. Values are UTF-8 strings. */
export const Headers = {
  /** On the purchase event log: `event` for a purchase event, `partition-claimed` for an ownership barrier. */
  recordKind: 'mp-record-kind',
  eventType: 'mp-event-type',
  effectType: 'mp-effect-type',
  transactionId: 'mp-transaction-id',
  causationId: 'mp-causation-id',
  schemaVersion: 'mp-schema-version',
  /**
   * On the event log and the parking topic: the record's number in its purchase's history (`metadata.sequence`, or
   * a parking record's `sequence`), so that a reader that holds it already skips it without parsing it.
   */
  sequence: 'mp-sequence',
  /** On the changelog: the ICCIDs the purchase has reserved, comma-separated, so a reader indexes them unparsed. */
  iccids: 'mp-iccids',
  /** On records the portal gateway accepted: the portal client that sent them (docs/security.md). */
  client: 'mp-client',
  /** W3C Trace Context of the span that wrote the record (tracing on only; ADR 0024). */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export const RecordKinds = {
  event: 'event',
  partitionClaimed: 'partition-claimed',
  /** On the changelog: a purchase's snapshot, or its tombstone once it is evicted. */
  snapshot: 'purchase-snapshot',
  /** On the changelog: every purchase of the partition has its snapshot here, written by the machine it names. */
  changelogComplete: 'changelog-complete',
} as const;

/**
 * What each topic keeps (ADR 0015). Everything that is the truth, an input a decision was made from, or a topic a
 * projection is rebuilt from stays forever; the directives topic is compacted, since the latest directive of a
 * purchase is what a portal acts on and every directive issued is in the event log as DirectiveIssued.
 */
export const TopicRetentions: { readonly [K in keyof typeof Topics]: TopicRetention } = {
  portalEvents: 'forever',
  usage: 'forever',
  balanceAdjustments: 'forever',
  directives: 'latestPerKey',
  // Every request stays: a provisioning system that was away reads all it missed; results are decision inputs.
  provisioningRequests: 'forever',
  provisioningResults: 'forever',
  purchaseEvents: 'forever',
  purchaseInputs: 'forever',
  purchaseEffects: 'forever',
  rejectedRecords: 'forever',
  purchaseParking: 'forever',
  purchaseSnapshots: 'changelog',
};

/**
 * Partitions of each topic created by the apps (KAFKA_TOPIC_PARTITIONS). Every partition of the orchestrator's inputs
 * has its own transactional producer, and each transaction costs the broker the same however few records it holds:
 * on the 2-core development machine, 4 partitions gave lower latency and higher throughput than 6 or 12 (ADR 0012).
 * It also caps how many orchestrator processes share the work.
 */
export const DEFAULT_PARTITIONS = 4;

export type TopicNames = { readonly [K in keyof typeof Topics]: string };
export type GroupNames = { readonly [K in keyof typeof ConsumerGroups]: string };

/** The Kafka names an app uses under its namespace (`KAFKA_NAMESPACE`; '' in production). */
export interface KafkaNames {
  readonly topics: TopicNames;
  readonly groups: GroupNames;
  readonly specs: readonly TopicSpec[];
  /** The topics keyed by transactionId: their partition counts must be equal (G1). */
  readonly coPartitioned: readonly string[];
  /** A transactional id under the namespace, e.g. `transactionalId('mobileplans-orchestrator-p3')`. */
  transactionalId(base: string): string;
}

const prefixed = <T extends Record<string, string>>(names: T, prefix: string) =>
  Object.fromEntries(Object.entries(names).map(([key, name]) => [key, prefix + name])) as {
    readonly [K in keyof T]: string;
  };

export function kafkaNames(
  namespace: string,
  partitions = DEFAULT_PARTITIONS,
  durability: TopicDurability = LOCAL_DURABILITY,
): KafkaNames {
  const prefix = namespace === '' ? '' : `${namespace}.`;
  const topics = prefixed(Topics, prefix);
  return {
    topics,
    groups: prefixed(ConsumerGroups, prefix),
    specs: (Object.keys(Topics) as (keyof typeof Topics)[]).map((key) =>
      topicSpec(topics[key], partitions, TopicRetentions[key], durability),
    ),
    coPartitioned: [
      topics.portalEvents,
      topics.directives,
      topics.purchaseEvents,
      topics.purchaseInputs,
      topics.purchaseEffects,
      topics.purchaseParking,
      topics.purchaseSnapshots,
    ],
    transactionalId: (base) => prefix + base,
  };
}

/** The names of an app's Kafka settings: its namespace, partition count and durability (one place for every app). */
export function kafkaNamesFor(kafka: KafkaConfig): KafkaNames {
  return kafkaNames(kafka.namespace, kafka.topicPartitions, {
    replicationFactor: kafka.replicationFactor,
    minInsyncReplicas: kafka.minInsyncReplicas,
  });
}

export const TOPIC_SPECS: readonly TopicSpec[] = kafkaNames('').specs;

/**
 * A record whose kind header names something other than a purchase event (an ownership barrier, or a kind added
 * later): readers of the event log and the parking topic pass over it. A record without the header is read as what
 * its topic carries (and rejected when it is not).
 */
export function isOtherRecordKind(headers: Readonly<Record<string, string>>): boolean {
  const kind = headers[Headers.recordKind];
  return kind !== undefined && kind !== RecordKinds.event;
}
