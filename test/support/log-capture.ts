import { Writable } from 'node:stream';

/** One JSON log line an app wrote (pino's numeric levels: 40 warn, 50 error). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

const ERROR = 50;

/**
 * An app's log, kept for the test that runs it: a test that breaks something on purpose (a store taken away, an
 * SM-DP+ down) asserts the error line it provokes instead of printing it, so that a green run shows no error line
 * and a real one still stands out (issue 18). Lines the test did not declare are echoed as the app would print them.
 */
export class LogCapture {
  readonly lines: LogLine[] = [];
  /** The same lines as written. */
  readonly texts: string[] = [];
  readonly destination: Writable;
  private readonly expected: RegExp[] = [];

  constructor(options: { echo: boolean } = { echo: true }) {
    this.destination = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const text of chunk.toString('utf8').split('\n')) {
          if (text === '') continue;
          const line = parse(text);
          this.lines.push(line);
          this.texts.push(text);
          if (options.echo && !this.isExpected(line)) process.stdout.write(`${text}\n`);
        }
        done();
      },
    });
  }

  /** Declares an error line the test provokes on purpose: it is kept for `errors()`, not printed. */
  expectError(msg: RegExp): void {
    this.expected.push(msg);
  }

  errors(msg?: RegExp): LogLine[] {
    return this.lines.filter(
      (line) => line.level >= ERROR && (msg === undefined || msg.test(line.msg)),
    );
  }

  private isExpected(line: LogLine): boolean {
    return line.level >= ERROR && this.expected.some((msg) => msg.test(line.msg));
  }
}

function parse(text: string): LogLine {
  try {
    const parsed = JSON.parse(text) as Partial<LogLine>;
    return { ...parsed, level: Number(parsed.level ?? 0), msg: String(parsed.msg ?? '') };
  } catch {
    return { level: 0, msg: text };
  }
}
