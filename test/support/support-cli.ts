import { execFile } from 'node:child_process';
import { repositoryRoot } from './build-apps';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run support -- <args>` as a person runs it: a separate process from the repository root, with only the
 * given environment (plus PATH, no colours); without SUPPORT_TOKEN it uses the generated development operator's.
 * Asynchronous: the support API a command calls may run in the test's own process.
 */
export function runSupportCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { readonly timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), 'apps/support/src/cli/main.ts', ...args],
      {
        cwd: repositoryRoot,
        env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
