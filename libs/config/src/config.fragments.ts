import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { developmentPki, type DevelopmentDefault } from './development-defaults';
import {
  appEnvironment,
  boolean,
  brokerList,
  host,
  kafkaNamespace,
  logLevel,
  optionalFilePath,
  port,
  positiveInt,
  postgresSchema,
  postgresUrl,
} from './setting.schemas';

/** Settings shared by several apps: environment shapes and the typed sections they become. */

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mobileplans';

export type LogLevel = z.output<typeof logLevel>;
export type AppEnvironment = z.output<typeof appEnvironment>;

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
  /** null: plaintext. Files are read at start; no CA file means the system's CAs. */
  readonly tls: {
    readonly caPath: string | null;
    /** A client certificate (and its key) when the cluster authenticates clients by certificate. */
    readonly certPath: string | null;
    readonly keyPath: string | null;
  } | null;
  /** null: no SASL. */
  readonly sasl: {
    readonly mechanism: KafkaSaslMechanism;
    readonly username: string;
    readonly password: string;
  } | null;
}

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface DatabaseConfig {
  readonly url: string;
  readonly poolSize: number;
  /** The PostgreSQL schema the app's tables live in (tests isolate themselves with their own). */
  readonly schema: string;
}

export const baseShape = {
  APP_ENV: appEnvironment,
  LOG_LEVEL: logLevel,
  /** Every listener's interface unless its own *_HOST setting says otherwise. */
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
  KAFKA_TLS: boolean(false),
  KAFKA_TLS_CA: optionalFilePath,
  KAFKA_TLS_CERT: optionalFilePath,
  KAFKA_TLS_KEY: optionalFilePath,
  KAFKA_SASL_MECHANISM: z
    .enum(['none', ...KAFKA_SASL_MECHANISMS], {
      error: `must be none or one of ${KAFKA_SASL_MECHANISMS.join(', ')}`,
    })
    .default('none'),
  KAFKA_SASL_USERNAME: z.string().min(1).max(256).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).max(1024).optional(),
};

export const databaseShape = {
  DATABASE_URL: postgresUrl(DEFAULT_DATABASE_URL),
  DATABASE_POOL_SIZE: positiveInt(10),
  DATABASE_SCHEMA: postgresSchema,
};

export const portShape = <K extends string>(key: K, fallback: number) =>
  ({ [key]: port(fallback) }) as { [P in K]: ReturnType<typeof port> };

type Out<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

export const toHttp = (
  env: Out<typeof baseShape>,
  listenHost: string | undefined,
  listenPort: number,
): HttpConfig => ({
  host: listenHost ?? env.HTTP_HOST,
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
  tls: kafkaTls(env),
  sasl: kafkaSasl(env),
});

function kafkaTls(env: Out<typeof kafkaShape>): KafkaConfig['tls'] {
  if ((env.KAFKA_TLS_CERT === null) !== (env.KAFKA_TLS_KEY === null)) {
    throw new ConfigValidationError([
      {
        key: env.KAFKA_TLS_CERT === null ? 'KAFKA_TLS_CERT' : 'KAFKA_TLS_KEY',
        message: 'a Kafka client certificate needs both KAFKA_TLS_CERT and KAFKA_TLS_KEY',
      },
    ]);
  }
  const files = env.KAFKA_TLS_CA ?? env.KAFKA_TLS_CERT;
  if (!env.KAFKA_TLS) {
    if (files !== null) {
      throw new ConfigValidationError([
        { key: 'KAFKA_TLS', message: 'must be true when Kafka TLS files are set' },
      ]);
    }
    return null;
  }
  return { caPath: env.KAFKA_TLS_CA, certPath: env.KAFKA_TLS_CERT, keyPath: env.KAFKA_TLS_KEY };
}

function kafkaSasl(env: Out<typeof kafkaShape>): KafkaConfig['sasl'] {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism === 'none') return null;
  const missing = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const).filter(
    (key) => env[key] === undefined,
  );
  if (missing.length > 0) {
    throw new ConfigValidationError(
      missing.map((key) => ({ key, message: `required with KAFKA_SASL_MECHANISM=${mechanism}` })),
    );
  }
  return { mechanism, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! };
}

/** Kafka and PostgreSQL settings only development may use. */
export function sharedDevelopmentDefaults(config: {
  readonly kafka?: KafkaConfig;
  readonly database?: DatabaseConfig;
}): DevelopmentDefault[] {
  const found: DevelopmentDefault[] = [];
  const kafka = config.kafka;
  if (kafka !== undefined) {
    if (kafka.tls === null) found.push({ setting: 'KAFKA_TLS', what: 'Kafka without TLS' });
    if (kafka.sasl === null && kafka.tls?.certPath == null) {
      found.push({
        setting: 'KAFKA_SASL_MECHANISM',
        what: 'Kafka without client authentication (neither SASL nor a TLS client certificate)',
      });
    }
    found.push(
      ...developmentPki({
        KAFKA_TLS_CA: kafka.tls?.caPath,
        KAFKA_TLS_CERT: kafka.tls?.certPath,
        KAFKA_TLS_KEY: kafka.tls?.keyPath,
      }),
    );
  }
  if (config.database !== undefined) {
    const url = new URL(config.database.url);
    if (url.username === '' || url.username === 'postgres') {
      found.push({ setting: 'DATABASE_URL', what: 'the database superuser (postgres)' });
    } else if (url.password === '') {
      found.push({ setting: 'DATABASE_URL', what: 'a database user without a password' });
    }
  }
  return found;
}

export const toDatabase = (env: Out<typeof databaseShape>): DatabaseConfig => ({
  url: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  schema: env.DATABASE_SCHEMA,
});
