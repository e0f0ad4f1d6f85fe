import { z } from 'zod';
import {
  baseShape,
  databaseShape,
  kafkaShape,
  portShape,
  toDatabase,
  toHttp,
  toKafka,
} from '../config.fragments';
import { loadConfig } from '../load-config';
import type { Environment } from '../environment.source';
import type { AppConfig, AppName } from './app-config.types';

interface AppConfigSpec<S extends z.ZodRawShape, X> {
  readonly appName: AppName;
  readonly portKey: string;
  readonly defaultPort: number;
  readonly kafka: boolean;
  readonly database: boolean;
  /** The app's own settings: their environment shape and the typed section they become. */
  readonly own?: { readonly shape: S; readonly map: (env: z.output<z.ZodObject<S>>) => X };
}

type Env = z.output<z.ZodObject<typeof baseShape>> &
  z.output<z.ZodObject<typeof kafkaShape>> &
  z.output<z.ZodObject<typeof databaseShape>> &
  Record<string, unknown>;

/**
 * Builds the loader of one app's configuration: the shared sections it uses plus its own settings, validated
 * together so that one message names every bad key.
 */
export function defineAppConfig<
  S extends z.ZodRawShape = Record<never, never>,
  X = Record<never, never>,
>(spec: AppConfigSpec<S, X>): (environment?: Environment) => AppConfig & X {
  const schema = z.object({
    ...baseShape,
    ...portShape(spec.portKey, spec.defaultPort),
    ...(spec.kafka ? kafkaShape : {}),
    ...(spec.database ? databaseShape : {}),
    ...(spec.own?.shape ?? {}),
  });
  return (environment) => {
    const env = loadConfig(schema, environment) as Env;
    const own = spec.own ? spec.own.map(env as unknown as z.output<z.ZodObject<S>>) : ({} as X);
    return {
      appName: spec.appName,
      logLevel: env.LOG_LEVEL,
      http: toHttp(env, env[spec.portKey] as number),
      ...(spec.kafka ? { kafka: toKafka(env, spec.appName) } : {}),
      ...(spec.database ? { database: toDatabase(env) } : {}),
      ...own,
    };
  };
}
