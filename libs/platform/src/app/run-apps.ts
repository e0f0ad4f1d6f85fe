import { migrateDatabase, type MigrationSet } from '@mp/database';
import {
  assertProductionReady,
  usesDatabase,
  type AppConfig,
  type DatabaseConfig,
} from '@mp/config';
import type { AppDefinition } from './app-definition';
import { startHttpApp, type RunningApp, type StartOptions } from './start-http-app';

export interface AppWithConfig {
  readonly definition: AppDefinition;
  readonly config: AppConfig;
}

/**
 * Refuses production mode with development defaults (before touching anything), migrates what the apps own (each
 * set once), then starts them one after the other; if one fails, the ones already started are closed again.
 * Returns the running apps in start order.
 */
export async function runApps(
  apps: readonly AppWithConfig[],
  options: StartOptions = {},
): Promise<RunningApp[]> {
  assertProductionReady(apps.map((app) => app.config));
  await migrateOwnedTables(apps);
  const running: RunningApp[] = [];
  try {
    for (const { definition, config } of apps)
      running.push(await startHttpApp(definition, config, options));
  } catch (error) {
    await stopApps(running);
    throw error;
  }
  return running;
}

export async function stopApps(running: readonly RunningApp[]): Promise<void> {
  for (const app of [...running].reverse()) await app.close().catch(() => undefined);
}

async function migrateOwnedTables(apps: readonly AppWithConfig[]): Promise<void> {
  const byDatabase = new Map<string, { config: DatabaseConfig; sets: Map<string, MigrationSet> }>();
  for (const { definition, config } of apps) {
    if (!usesDatabase(config)) continue;
    const entry = byDatabase.get(databaseKey(config.database)) ?? {
      config: config.database,
      sets: new Map(),
    };
    for (const set of definition.migrations) entry.sets.set(set.owner, set);
    byDatabase.set(databaseKey(config.database), entry);
  }
  for (const { config, sets } of byDatabase.values())
    await migrateDatabase(config, [...sets.values()]);
}

const databaseKey = (config: DatabaseConfig): string => `${config.url}#${config.schema}`;
