import { readFileSync } from 'node:fs';
import {
  Kafka,
  logLevel as KafkaLogLevel,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig as KafkajsConfig,
  type SASLOptions,
} from 'kafkajs';
import type { KafkaConfig } from '@mp/config';
import type { Logger } from 'pino';
import { keepCoordinatorLookups } from './coordinator-lookups.cache';
import { stopIdleRequestQueuePolling } from './idle-request-queues.patch';
import { keepLastKnownBrokers } from './last-known-broker.patch';
import { pinoLogCreator } from './kafka-log.creator';

/**
 * Retries that outlast a broker restart of some minutes, for consumers: a consumer whose requests give up crashes,
 * and kafkajs starts it again as a new group member, so the coordinator holds the group's next generation until the
 * old member's session has expired, a session timeout of nothing after every outage. A consumer that keeps
 * retrying stays the same member and is back within a second of the broker answering.
 */
export const outlastingRetry = { retries: 600, initialRetryTime: 200, maxRetryTime: 1000 } as const;

/**
 * The app's client. Producers, the admin client and start-up probes give up after a few seconds (bounded, so
 * callers decide what a dead cluster means: a 503, a failed transaction claimed again); consumers are made by a
 * second client whose requests outlast an outage (`outlastingRetry`).
 */
class KafkaClient extends Kafka {
  private readonly consumers: Kafka;

  constructor(config: KafkajsConfig) {
    super(config);
    this.consumers = new Kafka({ ...config, retry: outlastingRetry });
  }

  override consumer(config: ConsumerConfig): Consumer {
    return this.consumers.consumer(config);
  }
}

export function createKafkaClient(config: KafkaConfig, logger: Logger): Kafka {
  // No timer per connection and millisecond while nothing waits to be sent (issue 15).
  stopIdleRequestQueuePolling();
  // A consumer rides a broker restart out as the same member even when a fetch was in flight (ADR 0029).
  keepLastKnownBrokers();
  // Four fewer round trips per transaction (ADR 0030).
  keepCoordinatorLookups();
  return new KafkaClient({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator: pinoLogCreator(logger),
    ...kafkaSecurity(config),
  });
}

/**
 * TLS (the broker's certificate checked against the configured CA, or the system's; a client certificate when
 * the cluster authenticates by certificate) and SASL, as kafkajs takes them. Files are read once, at start.
 */
export function kafkaSecurity(
  config: Pick<KafkaConfig, 'tls' | 'sasl'>,
): Pick<KafkajsConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = config;
  return {
    ...(tls === null
      ? {}
      : {
          ssl: {
            rejectUnauthorized: true,
            ...(tls.caPath === null ? {} : { ca: [readFileSync(tls.caPath, 'utf8')] }),
            ...(tls.certPath === null || tls.keyPath === null
              ? {}
              : {
                  cert: readFileSync(tls.certPath, 'utf8'),
                  key: readFileSync(tls.keyPath, 'utf8'),
                }),
          },
        }),
    // The cast: kafkajs types each mechanism as its own object, all with this same shape.
    ...(sasl === null
      ? {}
      : {
          sasl: {
            mechanism: sasl.mechanism,
            username: sasl.username,
            password: sasl.password,
          } as SASLOptions,
        }),
  };
}
