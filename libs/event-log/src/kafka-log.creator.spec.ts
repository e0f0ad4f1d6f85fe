import { logLevel, type LogEntry } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoLogCreator } from './kafka-log.creator';

function capture() {
  const lines: { level: number; msg: string; component?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  const log = pinoLogCreator(pino({ level: 'info' }, sink))(logLevel.INFO);
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
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'b:9092' }));
    log(entry(logLevel.WARN, 'Rebalancing'));

    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'Connection error', component: 'kafkajs' }),
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
});
