import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const boundedRetriesWarning =
  'Limiting retries for the idempotent producer may invalidate EoS guarantees';
// kafkajs's text for CONCURRENT_TRANSACTIONS (protocol error 51).
const concurrentTransactions =
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

/**
 * kafkajs logs through the app's pino logger, so broker trouble shows up in the same structured stream. Two of its
 * messages are not trouble and would drown what is:
 * - the warning that an idempotent producer's retries are bounded. Ours are on purpose: a transaction that fails
 *   is aborted and its partition claimed again, so nothing is duplicated (ADR 0007);
 * - CONCURRENT_TRANSACTIONS, logged as an error at each retry. The coordinator answers it to every transaction
 *   that starts before the previous one's markers are written, which under load is most of them
 *   (`transactionalProducerRetry`); a retry that runs out fails the transaction, and that is logged by its owner.
 *   It goes to debug.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (message === boundedRetriesWarning) return;
      const fields = { component: 'kafkajs', ...extra };
      const retried =
        extra.error === concurrentTransactions || message.endsWith(concurrentTransactions);
      const effective = retried ? KafkaLogLevel.DEBUG : level;
      switch (effective) {
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
          const _exhaustive: never = effective;
          return _exhaustive;
        }
      }
    };
}
