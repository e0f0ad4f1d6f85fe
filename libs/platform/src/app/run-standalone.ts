import { runMain } from './run-main';
import type { AppDefinition } from './app-definition';
import { runApps, stopApps } from './run-apps';

/** The entry point of one app deployed alone (`npm run start:<app>`). */
export function runStandalone(definition: AppDefinition): void {
  runMain(async () => {
    const running = await runApps([{ definition, config: definition.loadConfig() }]);
    for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
    return () => stopApps(running);
  });
}
