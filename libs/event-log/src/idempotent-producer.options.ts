import type { ProducerConfig } from 'kafkajs';
import { KeyPlacementPartitioner } from './key-placement.partitioner';

/**
 * A producer whose records are written once each and in order: idempotent, one request in flight, and keys
 * placed as kafkajs's default partitioner places them (murmur2, as the Java client), named so kafkajs does not warn.
 */
export const idempotentProducerOptions: ProducerConfig = {
  createPartitioner: KeyPlacementPartitioner,
  idempotent: true,
  maxInFlightRequests: 1,
};
