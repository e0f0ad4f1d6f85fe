import type { RetryOptions } from 'kafkajs';

/**
 * Retries of a transactional producer. Right after a commit, the transaction coordinator answers the next
 * transaction's first request with CONCURRENT_TRANSACTIONS until it has written the commit markers, a few
 * milliseconds later. kafkajs retries that like any retriable error, after the client's initial retry time
 * (200 ms here, 300 ms by default), so every transaction that follows another on the same partition waited that
 * long: it was most of the orchestrator's latency. The Java client retries this case within milliseconds too.
 * Starting at 5 ms and doubling keeps about the same total budget (some 15 s) for real outages.
 */
export const transactionalProducerRetry: RetryOptions = {
  initialRetryTime: 5,
  maxRetryTime: 5_000,
  retries: 12,
};
