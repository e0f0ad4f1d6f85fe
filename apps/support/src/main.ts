import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { supportApp } from './support.app';

runMain(async () => {
  const running = await runApps([{ definition: supportApp, config: supportApp.loadConfig() }]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
