import { connect, type Socket } from 'node:net';

/** A transaction as the coordinator lists it (ListTransactions). */
export interface ListedTransaction {
  readonly transactionalId: string;
  readonly producerId: bigint;
  /** `Ongoing`, `PrepareCommit`, `PrepareAbort`, `CompleteCommit`, `CompleteAbort`, `Empty`, `Dead`, … */
  readonly state: string;
}

/** A transactional id as its coordinator describes it (DescribeTransactions). */
export interface DescribedTransaction {
  readonly errorCode: number;
  readonly transactionalId: string;
  readonly state: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The partitions of its open transaction. */
  readonly topics: readonly { topic: string; partitions: readonly number[] }[];
}

/** A producer the partition's leader knows (DescribeProducers, KIP-664). */
export interface ActiveProducer {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The first offset of its open transaction on this partition, -1 when it has none. */
  readonly currentTxnStartOffset: bigint;
}

const ApiKeys = {
  apiVersions: 18,
  describeProducers: 61,
  describeTransactions: 65,
  listTransactions: 66,
};

/**
 * Asks one broker about transactions with Kafka's ListTransactions, DescribeTransactions and DescribeProducers,
 * which kafkajs 2.2.4's admin client does not have (nor its protocol layer: all three are flexible-version APIs,
 * which kafkajs never encodes). Version 0 of each, which Kafka 3.9 and 4.4 both serve (checked with ApiVersions at
 * `open`). A test's private broker is a cluster of one, so it is every transaction's coordinator and every
 * partition's leader; against several brokers each question would have to go to the right one.
 */
export class TransactionStates {
  private buffered = Buffer.alloc(0);
  private correlation = 0;
  private readonly waiting = new Map<
    number,
    { done: (body: Buffer) => void; fail: (error: Error) => void }
  >();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error) => this.failAll(error));
    socket.on('close', () => this.failAll(new Error('the broker closed the connection')));
  }

  static async open(broker: string): Promise<TransactionStates> {
    const [host, port] = broker.split(':');
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = connect({ host, port: Number(port) }, () => resolve(opened));
      opened.once('error', reject);
    });
    const states = new TransactionStates(socket);
    try {
      await states.checkVersions();
    } catch (error) {
      states.close();
      throw error;
    }
    return states;
  }

  async listTransactions(stateFilters: readonly string[] = []): Promise<ListedTransaction[]> {
    const request = new Writer();
    request.compactArray(stateFilters, (w, state) => w.compactString(state));
    request.compactArray([], (w, id: bigint) => w.int64(id));
    request.tags();
    const body = new Reader(await this.ask(ApiKeys.listTransactions, request, true));
    body.int32(); // throttle time
    const errorCode = body.int16();
    if (errorCode !== 0) throw new Error(`ListTransactions: error code ${errorCode}`);
    body.compactArray((r) => r.compactString());
    const listed = body.compactArray((r) => {
      const transaction = {
        transactionalId: r.compactString()!,
        producerId: r.int64(),
        state: r.compactString()!,
      };
      r.skipTags();
      return transaction;
    });
    return listed;
  }

  async describeTransactions(ids: readonly string[]): Promise<DescribedTransaction[]> {
    const request = new Writer();
    request.compactArray(ids, (w, id) => w.compactString(id));
    request.tags();
    const body = new Reader(await this.ask(ApiKeys.describeTransactions, request, true));
    body.int32();
    return body.compactArray((r) => {
      const errorCode = r.int16();
      const transactionalId = r.compactString()!;
      const state = r.compactString()!;
      r.int32(); // transaction timeout
      r.int64(); // start time
      const producerId = r.int64();
      const producerEpoch = r.int16();
      const topics = r.compactArray((t) => {
        const topic = { topic: t.compactString()!, partitions: t.compactArray((p) => p.int32()) };
        t.skipTags();
        return topic;
      });
      r.skipTags();
      return { errorCode, transactionalId, state, producerId, producerEpoch, topics };
    });
  }

  /** Active producers of each partition asked about, by `topic:partition`. */
  async describeProducers(
    topics: readonly { topic: string; partitions: readonly number[] }[],
  ): Promise<Map<string, ActiveProducer[]>> {
    const request = new Writer();
    request.compactArray(topics, (w, { topic, partitions }) => {
      w.compactString(topic);
      w.compactArray(partitions, (p, partition) => p.int32(partition));
      w.tags();
    });
    request.tags();
    const body = new Reader(await this.ask(ApiKeys.describeProducers, request, true));
    body.int32();
    const producers = new Map<string, ActiveProducer[]>();
    body.compactArray((t) => {
      const topic = t.compactString()!;
      t.compactArray((p) => {
        const partition = p.int32();
        const errorCode = p.int16();
        const message = p.compactString();
        if (errorCode !== 0) {
          throw new Error(`DescribeProducers ${topic}:${partition}: ${errorCode} ${message ?? ''}`);
        }
        const active = p.compactArray((a) => {
          const producerId = a.int64();
          const producerEpoch = a.int32();
          a.int32(); // last sequence
          a.int64(); // last timestamp
          a.int32(); // coordinator epoch
          const currentTxnStartOffset = a.int64();
          a.skipTags();
          return { producerId, producerEpoch, currentTxnStartOffset };
        });
        p.skipTags();
        producers.set(`${topic}:${partition}`, active);
      });
      t.skipTags();
    });
    return producers;
  }

  close(): void {
    this.socket.destroy();
  }

  private async checkVersions(): Promise<void> {
    const body = new Reader(await this.ask(ApiKeys.apiVersions, new Writer(), false));
    const errorCode = body.int16();
    if (errorCode !== 0) throw new Error(`ApiVersions: error code ${errorCode}`);
    const served = new Map<number, [number, number]>();
    for (let count = body.int32(); count > 0; count -= 1) {
      served.set(body.int16(), [body.int16(), body.int16()]);
    }
    for (const key of [
      ApiKeys.describeProducers,
      ApiKeys.describeTransactions,
      ApiKeys.listTransactions,
    ]) {
      const [min, max] = served.get(key) ?? [1, 0];
      if (min > 0 || max < 0) throw new Error(`the broker does not serve version 0 of API ${key}`);
    }
  }

  /** Sends one request (version 0) and resolves with its response body. */
  private ask(apiKey: number, body: Writer, flexible: boolean): Promise<Buffer> {
    const correlationId = (this.correlation += 1);
    const header = new Writer();
    header.int16(apiKey).int16(0).int32(correlationId).string('transaction-states');
    // Request header v2 (flexible APIs) ends with tagged fields; v1 (ApiVersions here) does not.
    if (flexible) header.tags();
    const payload = Buffer.concat([header.bytes(), body.bytes()]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return new Promise<Buffer>((done, fail) => {
      this.waiting.set(correlationId, {
        // Response header v1 (flexible) has tagged fields after the correlation id; ApiVersions' is always v0.
        done: (response) => {
          const reader = new Reader(response);
          if (flexible) reader.skipTags();
          done(reader.rest());
        },
        fail,
      });
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  private received(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const correlationId = frame.readInt32BE(0);
      const waiter = this.waiting.get(correlationId);
      this.waiting.delete(correlationId);
      try {
        waiter?.done(frame.subarray(4));
      } catch (error) {
        waiter?.fail(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  private failAll(error: Error): void {
    for (const { fail } of this.waiting.values()) fail(error);
    this.waiting.clear();
  }
}

class Writer {
  private readonly parts: Buffer[] = [];

  int16(value: number): this {
    const part = Buffer.alloc(2);
    part.writeInt16BE(value);
    return this.push(part);
  }

  int32(value: number): this {
    const part = Buffer.alloc(4);
    part.writeInt32BE(value);
    return this.push(part);
  }

  int64(value: bigint): this {
    const part = Buffer.alloc(8);
    part.writeBigInt64BE(value);
    return this.push(part);
  }

  uvarint(value: number): this {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    bytes.push(rest);
    return this.push(Buffer.from(bytes));
  }

  /** A STRING (int16 length), as the non-flexible request header's client id. */
  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    return this.int16(bytes.length).push(bytes);
  }

  compactString(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    return this.uvarint(bytes.length + 1).push(bytes);
  }

  compactArray<T>(items: readonly T[], write: (writer: this, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) write(this, item);
    return this;
  }

  /** No tagged fields. */
  tags(): this {
    return this.uvarint(0);
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  private push(part: Buffer): this {
    this.parts.push(part);
    return this;
  }
}

class Reader {
  private at = 0;

  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.at);
    this.at += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.at);
    this.at += 4;
    return value;
  }

  int64(): bigint {
    const value = this.buffer.readBigInt64BE(this.at);
    this.at += 8;
    return value;
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.buffer[this.at]!;
      this.at += 1;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  }

  /** A COMPACT_NULLABLE_STRING (or COMPACT_STRING): null when the length says so. */
  compactString(): string | null {
    const length = this.uvarint() - 1;
    if (length < 0) return null;
    const value = this.buffer.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  compactArray<T>(read: (reader: this) => T): T[] {
    const length = this.uvarint() - 1;
    const items: T[] = [];
    for (let index = 0; index < length; index += 1) items.push(read(this));
    return items;
  }

  skipTags(): void {
    for (let count = this.uvarint(); count > 0; count -= 1) {
      this.uvarint();
      this.at += this.uvarint();
    }
  }

  rest(): Buffer {
    return this.buffer.subarray(this.at);
  }
}
