import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { orchestratorApp } from './orchestrator.app';

runMain(async () => {
  const running = await runApps([
    { definition: orchestratorApp, config: orchestratorApp.loadConfig() },
  ]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
