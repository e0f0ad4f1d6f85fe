import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import type { AppName } from '@mp/config';

let defaultsCollected = false;
const appInfo = new Gauge({
  name: 'mobileplans_app_info',
  help: 'Apps running in this process (1 per app).',
  labelNames: ['app'],
  registers: [register],
});

/**
 * Process metrics are collected once per process, whichever app asks first: with all apps in one process
 * (`npm start`) every app's /metrics shows the same process-wide registry, labelled by app where it matters.
 */
export function registerAppMetrics(appName: AppName): void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register });
    defaultsCollected = true;
  }
  appInfo.set({ app: appName }, 1);
}

export { register as metricsRegistry };
