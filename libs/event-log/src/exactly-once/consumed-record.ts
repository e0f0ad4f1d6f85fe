import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { ConsumedRecord } from './exactly-once.types';

/** A record's identity in the processor's bookkeeping of refused and suspect records. */
export const recordId = (record: Pick<ConsumedRecord, 'topic' | 'offset'>) =>
  `${record.topic}@${record.offset}`;

/** The offset to commit once `offset` is decided. */
export const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

/** A fetched message as the handler sees it; `headers` when the caller has decoded them already. */
export function toRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
  headers = decodeHeaders(message.headers),
): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  return readHeaders(headers, null);
}

/**
 * The headers' first values as text, in one pass; with `bytes`, also adds up their size as they came (names and
 * first values), which a record's size needs and which is free to take from the buffers here.
 */
export function readHeaders(
  headers: IHeaders | undefined,
  bytes: { total: number } | null,
): Record<string, string> {
  // Header names come from whoever wrote the record: no prototype, so "__proto__" is just a name.
  const decoded = Object.create(null) as Record<string, string>;
  if (headers === undefined) return decoded;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    const text = first.toString();
    decoded[name] = text;
    if (bytes !== null)
      bytes.total +=
        Buffer.byteLength(name) +
        (typeof first === 'string' ? Buffer.byteLength(first) : first.length);
  }
  return decoded;
}
