import { execFile } from 'node:child_process';
import { repositoryRoot } from './build-apps';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run support -- …` as a person runs it, from the repository root, with only these settings (no token: it
 * uses the generated development operator's). Asynchronous: the API answering it may run in the test's process.
 */
export function runSupportCli(
  settings: { url: string; token?: string },
  ...args: string[]
): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), 'apps/support/src/cli/main.ts', ...args],
      {
        cwd: repositoryRoot,
        env: {
          PATH: process.env.PATH,
          SUPPORT_URL: settings.url,
          ...(settings.token === undefined ? {} : { SUPPORT_TOKEN: settings.token }),
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) =>
        done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
