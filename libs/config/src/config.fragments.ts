import { type z } from 'zod';
import {
  brokerList,
  host,
  kafkaNamespace,
  logLevel,
  port,
  positiveInt,
  postgresSchema,
  postgresUrl,
} from './setting.schemas';

/** Settings shared by several apps: environment shapes and the typed sections they become. */

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mobileplans';

export type LogLevel = z.output<typeof logLevel>;

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
}

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Per-connection TCP/handshake timeout. */
  readonly connectionTimeoutMs: number;
  /** How long start-up waits for the cluster before it gives up with a clear message. */
  readonly startupTimeoutMs: number;
  /**
   * Prefix of every topic, consumer group and transactional id ('' in production). Lets test runs and
   * environments share one cluster without seeing each other's records.
   */
  readonly namespace: string;
  /** Partitions of the topics the apps create; topics that exist keep theirs. */
  readonly topicPartitions: number;
  /** Replicas of each topic the apps create (production: 3). */
  readonly replicationFactor: number;
  /** Replicas that must have a record before it is acknowledged (production: 2). */
  readonly minInsyncReplicas: number;
}

export interface DatabaseConfig {
  readonly url: string;
  readonly poolSize: number;
  /** The PostgreSQL schema the app's tables live in (tests isolate themselves with their own). */
  readonly schema: string;
}

export const baseShape = {
  LOG_LEVEL: logLevel,
  HTTP_HOST: host('127.0.0.1'),
};

export const kafkaShape = {
  KAFKA_BROKERS: brokerList(DEFAULT_KAFKA_BROKERS),
  KAFKA_CONNECTION_TIMEOUT_MS: positiveInt(3000),
  KAFKA_STARTUP_TIMEOUT_MS: positiveInt(30000),
  KAFKA_NAMESPACE: kafkaNamespace,
  KAFKA_TOPIC_PARTITIONS: positiveInt(4),
  KAFKA_REPLICATION_FACTOR: positiveInt(1),
  KAFKA_MIN_INSYNC_REPLICAS: positiveInt(1),
};

export const databaseShape = {
  DATABASE_URL: postgresUrl(DEFAULT_DATABASE_URL),
  DATABASE_POOL_SIZE: positiveInt(10),
  DATABASE_SCHEMA: postgresSchema,
};

export const portShape = <K extends string>(key: K, fallback: number) =>
  ({ [key]: port(fallback) }) as { [P in K]: ReturnType<typeof port> };

type Out<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

export const toHttp = (env: Out<typeof baseShape>, listenPort: number): HttpConfig => ({
  host: env.HTTP_HOST,
  port: listenPort,
});

export const toKafka = (env: Out<typeof kafkaShape>, clientId: string): KafkaConfig => ({
  brokers: env.KAFKA_BROKERS,
  clientId,
  connectionTimeoutMs: env.KAFKA_CONNECTION_TIMEOUT_MS,
  startupTimeoutMs: env.KAFKA_STARTUP_TIMEOUT_MS,
  namespace: env.KAFKA_NAMESPACE,
  topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
  replicationFactor: env.KAFKA_REPLICATION_FACTOR,
  minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS,
});

export const toDatabase = (env: Out<typeof databaseShape>): DatabaseConfig => ({
  url: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  schema: env.DATABASE_SCHEMA,
});
