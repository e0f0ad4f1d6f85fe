import { logLevel, type LogEntry } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoLogCreator } from './kafka-log.creator';

function capture(now: () => number = Date.now) {
  const lines: { level: number; msg: string; component?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  const log = pinoLogCreator(pino({ level: 'info' }, sink), now)(logLevel.INFO);
  const entry = (
    level: logLevel,
    message: string,
    extra: Record<string, unknown> = {},
  ): LogEntry => ({
    namespace: 'x',
    level,
    label: 'x',
    log: { timestamp: 't', message, ...extra },
  });
  return { lines, log, entry };
}

const concurrent =
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

describe('kafkajs logs in the app log', () => {
  it('keeps kafkajs levels and marks the component', () => {
    const { lines, log, entry } = capture();
    log(entry(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'other' }));
    log(entry(logLevel.WARN, 'Rebalancing'));

    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Response Metadata(key: 3, version: 6)',
        component: 'kafkajs',
      }),
      expect.objectContaining({ level: 40, msg: 'Rebalancing', component: 'kafkajs' }),
    ]);
  });

  it('moves retried CONCURRENT_TRANSACTIONS to debug and drops the bounded-retries warning', () => {
    const { lines, log, entry } = capture();
    log(
      entry(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', {
        error: concurrent,
      }),
    );
    log(entry(logLevel.ERROR, `Failed to send messages: ${concurrent}`, { retryCount: 0 }));
    log(
      entry(
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    log(
      entry(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { error: 'other' }),
    );

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'Response AddPartitionsToTxn(key: 24, version: 1)'],
    ]);
  });

  it('moves what kafkajs retries while a cluster settles to debug, and a broker out of reach to warn', () => {
    const { lines, log, entry } = capture();
    const settling = [
      'This server is not the leader for that topic-partition',
      "The coordinator is loading and hence can't process requests for this group",
      'This is not the correct coordinator for this group',
      'The group coordinator is not available',
    ];
    for (const error of settling) log(entry(logLevel.ERROR, 'Response ListOffsets', { error }));
    log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:1'));
    log(entry(logLevel.ERROR, 'Failed to connect to seed broker, trying another broker'));
    // The same texts from another field, or anything else, keep their level: a real error still shows.
    log(entry(logLevel.ERROR, 'This server is not the leader for that topic-partition'));
    log(
      entry(logLevel.ERROR, 'Response Produce', { error: 'The request included a message larger' }),
    );

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, 'Connection error: connect ECONNREFUSED 127.0.0.1:1'],
      [50, 'This server is not the leader for that topic-partition'],
      [50, 'Response Produce'],
    ]);
  });

  it('moves a record the broker refuses as too large to debug: the exactly-once processor parks its purchase and says so', () => {
    const { lines, log, entry } = capture();
    const tooLarge =
      'The request included a message larger than the max message size the server will accept';
    log(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: tooLarge }));
    log(entry(logLevel.ERROR, tooLarge, { retryCount: 0, retryTime: 6 }));
    log(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'other' }));

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'Response Produce(key: 0, version: 7)'],
    ]);
  });

  it('warns of a broker out of reach once per 10 s, however often kafkajs tries', () => {
    let clock = 0;
    const { lines, log, entry } = capture(() => clock);
    for (; clock < 25_000; clock += 100) {
      log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:1'));
      log(entry(logLevel.ERROR, 'Failed to connect to seed broker, trying another broker'));
    }

    expect(lines.map((line) => line.level)).toEqual([40, 40, 40]);
  });

  it('leaves to their callers a crash, a restart, a failed send and a fenced producer, which they report once', () => {
    const { lines, log, entry } = capture();
    log(entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: Connection error'));
    log(entry(logLevel.ERROR, 'Restarting the consumer in 200ms', { retryTime: 200 }));
    log(entry(logLevel.ERROR, 'Failed to send messages: Connection error: connect ECONNREFUSED'));
    log(
      entry(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', {
        error:
          "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
      }),
    );
    log(entry(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { error: 'x' }));

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'Response AddPartitionsToTxn(key: 24, version: 1)'],
    ]);
  });
});
