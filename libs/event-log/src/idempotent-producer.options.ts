import { Partitioners, type ProducerConfig } from 'kafkajs';

/**
 * A producer whose records are written once each and in order: idempotent, one request in flight, and keys
 * placed by kafkajs's default partitioner (murmur2, as the Java client), named so kafkajs does not warn.
 */
export const idempotentProducerOptions: ProducerConfig = {
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true,
  maxInFlightRequests: 1,
};
