import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { balanceApiApp } from './balance-api.app';

runMain(async () => {
  const running = await runApps([
    { definition: balanceApiApp, config: balanceApiApp.loadConfig() },
  ]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
