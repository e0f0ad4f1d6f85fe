import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repositoryRoot } from './build-apps';

/**
 * `npm run balance:rebuild` as an operator runs it: a separate process (through tsx) rebuilding the balance
 * projection from offset 0 into `schema`, with only the given environment; resolves with its output.
 */
export function runBalanceRebuild(
  env: Record<string, string | undefined>,
  schema: string,
  timeoutSeconds: number,
): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        resolve(repositoryRoot, 'node_modules/tsx/dist/cli.mjs'),
        'apps/balance-api/src/rebuild-projection.command.ts',
        '--schema',
        schema,
        '--timeout-seconds',
        String(timeoutSeconds),
      ],
      { cwd: repositoryRoot, env: { PATH: process.env.PATH ?? '', ...env } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done(output) : fail(new Error(`rebuild exited ${code}: ${output}`)),
    );
  });
}
