import 'reflect-metadata';
import { runApps, runMain, stopApps } from '@mp/platform';
import { portalGatewayApp } from './portal-gateway.app';

runMain(async () => {
  const running = await runApps([
    { definition: portalGatewayApp, config: portalGatewayApp.loadConfig() },
  ]);
  for (const app of running) process.stdout.write(`${app.name} listening on ${app.url}\n`);
  return () => stopApps(running);
});
