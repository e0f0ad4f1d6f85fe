import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { KafkaConfig } from '@mp/config';
import type { Logger } from 'pino';
import { pinoLogCreator } from './kafka-log.creator';

export function createKafkaClient(config: KafkaConfig, logger: Logger): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs,
    // kafkajs retries forever-ish by default; bounded here so callers decide what a dead cluster means.
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator: pinoLogCreator(logger),
  });
}
