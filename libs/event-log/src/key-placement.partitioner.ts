import { Partitioners, type ICustomPartitioner } from 'kafkajs';

/** Keys kept per partition count; a full table is dropped and starts again (a decision's keys are recent ones). */
const KEPT_KEYS = 8192;

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client places it), remembering each string key's
 * partition for a while. Its murmur2 computes on 64-bit `Long` objects, about 7 µs a key on the development machine,
 * and a decision sends about ten records with the same key (events, effects, directive, parking): with several
 * thousand records a second it was 3 to 4 % of the orchestrator's CPU (issue 15). Placement is exactly the default
 * partitioner's: a remembered answer is its own answer for the same key and partition count, and a record with an
 * explicit partition or without a string key goes to it unchanged.
 */
export const KeyPlacementPartitioner: ICustomPartitioner = () => {
  const place = Partitioners.DefaultPartitioner();
  const kept = new Map<number, Map<string, number>>();
  return (args) => {
    const { key, partition } = args.message;
    if ((partition !== undefined && partition !== null) || typeof key !== 'string')
      return place(args);
    const count = args.partitionMetadata.length;
    let keys = kept.get(count);
    if (keys === undefined) {
      keys = new Map();
      kept.set(count, keys);
    }
    let placed = keys.get(key);
    if (placed === undefined) {
      if (keys.size >= KEPT_KEYS) keys.clear();
      placed = place(args);
      keys.set(key, placed);
    }
    return placed;
  };
};
