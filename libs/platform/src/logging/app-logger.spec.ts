import { createAppLogger } from './app-logger';
import { LogContext } from './log-context';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return {
    lines,
    logger: createAppLogger({ appName: 'orchestrator', logLevel: 'info' }, destination),
  };
}

describe('app logger', () => {
  it('writes JSON lines naming the app', () => {
    const { lines, logger } = capture();

    logger.info('hello');

    expect(lines).toEqual([
      expect.objectContaining({ app: 'orchestrator', msg: 'hello', level: 30 }),
    ]);
  });

  it('adds the transactionId of the current log context, and nested fields keep the outer ones', () => {
    const { lines, logger } = capture();

    LogContext.run({ transactionId: 'tx-1' }, () => {
      logger.info('outer');
      LogContext.run({ iccid: '8988247000100003319' }, () => logger.info('inner'));
    });
    logger.info('outside');

    expect(lines.map(({ msg, transactionId, iccid }) => ({ msg, transactionId, iccid }))).toEqual([
      { msg: 'outer', transactionId: 'tx-1', iccid: undefined },
      { msg: 'inner', transactionId: 'tx-1', iccid: '8988247000100003319' },
      { msg: 'outside', transactionId: undefined, iccid: undefined },
    ]);
  });

  it('never writes credentials', () => {
    const { lines, logger } = capture();

    logger.info(
      { headers: { authorization: 'Basic c2VjcmV0' }, db: { password: 'hunter2' } },
      'request',
    );

    expect(JSON.stringify(lines)).not.toMatch(/c2VjcmV0|hunter2/);
  });

  it('does not write below its level', () => {
    const { lines, logger } = capture();

    logger.debug('noise');

    expect(lines).toEqual([]);
  });
});
