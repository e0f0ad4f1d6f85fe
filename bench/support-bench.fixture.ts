// What the support benchmarks share: the database they load, its schema migrated, and starting a process that
// serves once it logs "listening on".
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, loadSupportConfig, readEnvironment } from '@mp/config';
import { migrateDatabase, platformMigrations } from '@mp/database';
import { supportMigrations } from '../apps/support/src/index/support.migrations';

export const environment = readEnvironment();
export const databaseUrl = environment.DATABASE_URL ?? DEFAULT_DATABASE_URL;

/** The support tables migrated into `schema`, and a client whose search path is that schema. */
export async function supportSchemaClient(schema: string): Promise<Client> {
  const config = loadSupportConfig({
    ...environment,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
  });
  await migrateDatabase(config.database, [platformMigrations, supportMigrations]);
  const client = new Client({
    connectionString: databaseUrl,
    options: `-c search_path="${schema}"`,
  });
  await client.connect();
  return client;
}

/** Runs `node <args>` with only PATH and `env`, resolved once it logs "listening on". */
export function startListening(
  args: string[],
  env: Record<string, string>,
  name = args.join(' '),
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    child.stdout?.on(
      'data',
      (chunk: Buffer) => chunk.toString().includes('listening on') && done(child),
    );
    child.on('exit', (code) => fail(new Error(`${name} exited with ${code}`)));
  });
}
