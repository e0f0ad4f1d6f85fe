import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { smdpSimulatorApp } from './smdp-simulator.app';

runMain(async () => {
  const running = await runApps([
    { definition: smdpSimulatorApp, config: smdpSimulatorApp.loadConfig() },
  ]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
