import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const boundedRetriesWarning =
  'Limiting retries for the idempotent producer may invalidate EoS guarantees';
// kafkajs's text for CONCURRENT_TRANSACTIONS (protocol error 51).
const concurrentTransactions =
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

// Protocol errors kafkajs retries by itself while a cluster, a topic or a group settles (a new topic's leader, a
// coordinator loading its partition, a member the coordinator forgot after a rebalance): its own retry either gets
// through or fails the call, and a failed call is logged by the code that made it. Matched on kafkajs's texts.
const settling: ReadonlySet<string> = new Set([
  'This server is not the leader for that topic-partition',
  'This server does not host this topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
  'The group coordinator is not available',
  'The group is rebalancing, so a rejoin is needed',
  'The coordinator is not aware of this member',
]);
// Errors the code that made the call handles and logs once itself: a decision the broker refuses as too large is
// committed record by record and its purchase parked, with a warning (ADR 0026); a transaction of a producer
// fenced by a newer claim of its partition fails, and its lane is claimed again.
const handledByCaller: ReadonlySet<string> = new Set([
  'The request included a message larger than the max message size the server will accept',
  "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
]);
// Messages whose failure kafkajs hands to the caller as well, which logs it once where it matters: a consumer's
// crash and restart (`SupervisedConsumer` warns once per outage), a send that failed (its caller answers 503 or
// retries the transaction).
const reportedByCaller = ['Crash: ', 'Restarting the consumer in ', 'Failed to send messages: '];
// A broker out of reach: kafkajs logs every attempt at error, hundreds a minute. The app says it where it matters
// (the start-up probe's one line, a supervised consumer's warning, readiness); of the attempts, one warning per
// `unreachableEveryMs` per client, the rest at debug.
const unreachable = ['Connection error', 'Connection timeout', 'Failed to connect to seed broker'];
const unreachableEveryMs = 10_000;

/**
 * kafkajs logs through the app's pino logger, so broker trouble shows up in the same structured stream. Two of its
 * messages are not trouble and would drown what is:
 * - the warning that an idempotent producer's retries are bounded. Ours are on purpose: a transaction that fails
 *   is aborted and its partition claimed again, so nothing is duplicated (ADR 0007);
 * - CONCURRENT_TRANSACTIONS, logged as an error at each retry. The coordinator answers it to every transaction
 *   that starts before the previous one's markers are written, which under load is most of them
 *   (`transactionalProducerRetry`); a retry that runs out fails the transaction, and that is logged by its owner.
 *   It goes to debug, as do the protocol errors kafkajs retries while a cluster settles (`settling`) and those
 *   its caller handles (`handledByCaller`);
 * - each attempt to reach a broker that is down, logged as an error: a warning here, at most one per 10 s;
 * - a crash, a restart or a failed send, which its caller hears of and reports once itself.
 */
export function pinoLogCreator(logger: Logger, now: () => number = Date.now): logCreator {
  let lastUnreachableWarning = -Infinity;
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      if (message === boundedRetriesWarning) return;
      const fields = { component: 'kafkajs', ...extra };
      let effective = effectiveLevel(level, message, extra.error);
      if (
        effective === KafkaLogLevel.WARN &&
        unreachable.some((start) => message.startsWith(start))
      ) {
        if (now() - lastUnreachableWarning < unreachableEveryMs) effective = KafkaLogLevel.DEBUG;
        else lastUnreachableWarning = now();
      }
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

function effectiveLevel(level: KafkaLogLevel, message: string, error: unknown): KafkaLogLevel {
  if (error === concurrentTransactions || message.endsWith(concurrentTransactions)) {
    return KafkaLogLevel.DEBUG;
  }
  if (level !== KafkaLogLevel.ERROR) return level;
  if (typeof error === 'string' && settling.has(error)) return KafkaLogLevel.DEBUG;
  if (handledByCaller.has(message) || (typeof error === 'string' && handledByCaller.has(error))) {
    return KafkaLogLevel.DEBUG;
  }
  if (reportedByCaller.some((start) => message.startsWith(start))) return KafkaLogLevel.DEBUG;
  if (unreachable.some((start) => message.startsWith(start))) return KafkaLogLevel.WARN;
  return level;
}
