import { Kafka, logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { KafkaConfig } from '@mp/config';
import type { Logger } from 'pino';

const boundedRetriesWarning =
  'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/** kafkajs logs through the app's pino logger, so broker trouble shows up in the same structured stream. */
function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      // kafkajs warns whenever an idempotent producer's retries are bounded. Ours are on purpose: a transaction
      // that fails is aborted and its partition claimed again, so nothing is duplicated (ADR 0007).
      if (message === boundedRetriesWarning) return;
      const fields = { component: 'kafkajs', ...extra };
      switch (level) {
        case KafkaLogLevel.ERROR:
          logger.error(fields, message);
          return;
        case KafkaLogLevel.WARN:
          logger.warn(fields, message);
          return;
        case KafkaLogLevel.INFO:
          logger.info(fields, message);
          return;
        case KafkaLogLevel.DEBUG:
          logger.debug(fields, message);
          return;
        case KafkaLogLevel.NOTHING:
          return;
        default: {
          const _exhaustive: never = level;
          return _exhaustive;
        }
      }
    };
}

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
