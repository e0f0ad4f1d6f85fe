import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const repositoryRoot = resolve(__dirname, '../..');
export const launcherEntry = resolve(repositoryRoot, 'dist/apps/launcher/main.js');

/** Builds the launcher bundle (all apps) with the same command `npm start` uses. */
export function buildApps(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(`npm run build failed (${result.status ?? result.signal})`);
}
