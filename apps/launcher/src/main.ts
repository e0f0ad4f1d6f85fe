import 'reflect-metadata';
import { loadAll, loadLauncherConfig } from '@mp/config';
import { runApps, runMain, stopApps, type AppWithConfig } from '@mp/platform';
import { ALL_APPS } from './all-apps';

/** `npm start`: every app (or those `APPS` names) in one process, each on its own documented port. */
runMain(async () => {
  // Validate every app's settings before anything starts, so one message names every bad key.
  const { apps: selected } = loadLauncherConfig();
  const definitions = ALL_APPS.filter((definition) => selected.includes(definition.name));
  const configs = loadAll(definitions.map((definition) => () => definition.loadConfig()));
  const apps: AppWithConfig[] = definitions.map((definition, index) => ({
    definition,
    config: configs[index]!,
  }));
  const running = await runApps(apps);
  const width = Math.max(...running.map((app) => app.name.length));
  process.stdout.write('\nMobile Plans fulfillment is up:\n');
  for (const app of running) {
    process.stdout.write(
      `  ${app.name.padEnd(width)}  ${app.url}   (ready: ${app.url}/health/ready)\n`,
    );
  }
  process.stdout.write('Stop with Ctrl+C.\n');
  return () => stopApps(running);
});
