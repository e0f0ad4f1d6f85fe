import { readFileSync } from 'node:fs';
import {
  Kafka,
  logLevel as KafkaLogLevel,
  type KafkaConfig as KafkajsConfig,
  type SASLOptions,
} from 'kafkajs';
import type { KafkaConfig } from '@mp/config';
import type { Logger } from 'pino';
import { pinoLogCreator } from './kafka-log.creator';
import { quietKafkajsTimerWarning } from './kafkajs-timer-warning';

export function createKafkaClient(config: KafkaConfig, logger: Logger): Kafka {
  quietKafkajsTimerWarning();
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs,
    // kafkajs retries forever-ish by default; bounded here so callers decide what a dead cluster means.
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
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
