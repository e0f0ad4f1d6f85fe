import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { smdpAdapterApp } from './smdp-adapter.app';

runMain(async () => {
  const running = await runApps([
    { definition: smdpAdapterApp, config: smdpAdapterApp.loadConfig() },
  ]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
