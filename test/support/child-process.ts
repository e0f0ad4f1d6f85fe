import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { waitFor } from './wait-for';

/** A process under test, with everything it printed so far. */
export class ChildUnderTest {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcessWithoutNullStreams;

  /** `args` follow the entry (a script a CLI entry such as tsx's runs). */
  constructor(
    entry: string,
    env: Record<string, string>,
    cwd: string,
    args: readonly string[] = [],
  ) {
    // PATH only from the outside: the child sees exactly the settings the test gives it.
    this.child = spawn(process.execPath, [entry, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    await waitFor(() => (pattern.test(this.stdout) ? true : undefined), {
      timeoutMs,
      what: `${pattern} in the output (stderr so far: ${this.stderr.slice(-500)})`,
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}
