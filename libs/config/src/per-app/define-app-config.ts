import { z } from 'zod';
import {
  baseShape,
  databaseShape,
  kafkaShape,
  portShape,
  sharedDevelopmentDefaults,
  toDatabase,
  toHttp,
  toKafka,
} from '../config.fragments';
import type { DevelopmentDefault } from '../development-defaults';
import { loadConfig } from '../load-config';
import { toTracing, tracingShape } from '../tracing/tracing.settings';
import { readEnvironment, type Environment } from '../environment.source';
import type { AppConfig, AppName, DatabaseSection, KafkaSection } from './app-config.types';

interface AppConfigSpec<S extends z.ZodRawShape, X, K extends boolean, D extends boolean> {
  readonly appName: AppName;
  readonly portKey: string;
  readonly defaultPort: number;
  readonly kafka: K;
  readonly database: D;
  /** The app's own settings: their environment shape and the typed section they become. */
  readonly own?: { readonly shape: S; readonly map: (env: OwnEnv<S>) => X };
  /** The app's own settings that only development may use (production mode refuses them). */
  readonly developmentDefaults?: (own: X) => DevelopmentDefault[];
}

/** The app's own settings, with the shared ones it may refine (HTTP_HOST as a listener's default). */
type OwnEnv<S extends z.ZodRawShape> = z.output<z.ZodObject<S>> &
  z.output<z.ZodObject<typeof baseShape>>;

type Env = z.output<z.ZodObject<typeof baseShape>> &
  z.output<z.ZodObject<typeof tracingShape>> &
  z.output<z.ZodObject<typeof kafkaShape>> &
  z.output<z.ZodObject<typeof databaseShape>> &
  Record<string, unknown>;

/** The config an app's loader gives: the sections it says it uses are always there (no optional sections). */
export type LoadedAppConfig<X, K extends boolean, D extends boolean> = AppConfig &
  (K extends true ? KafkaSection : unknown) &
  (D extends true ? DatabaseSection : unknown) &
  X;

/**
 * Builds the loader of one app's configuration: the shared sections it uses plus its own settings, validated
 * together so that one message names every bad key.
 */
export function defineAppConfig<
  S extends z.ZodRawShape = Record<never, never>,
  X = Record<never, never>,
  K extends boolean = false,
  D extends boolean = false,
>(spec: AppConfigSpec<S, X, K, D>): (environment?: Environment) => LoadedAppConfig<X, K, D> {
  // Each app's listener has its own interface setting (PORTAL_GATEWAY_HOST…); HTTP_HOST is the default.
  const hostKey = spec.portKey.replace(/_PORT$/, '_HOST');
  const schema = z.object({
    ...baseShape,
    ...tracingShape,
    ...portShape(spec.portKey, spec.defaultPort),
    [hostKey]: z.string().trim().min(1).optional(),
    ...(spec.kafka ? kafkaShape : {}),
    ...(spec.database ? databaseShape : {}),
    ...(spec.own?.shape ?? {}),
  });
  return (environment = readEnvironment()) => {
    const env = loadConfig(schema, environment) as Env;
    const own = spec.own ? spec.own.map(env as unknown as OwnEnv<S>) : ({} as X);
    const kafka = spec.kafka ? toKafka(env, spec.appName) : undefined;
    const database = spec.database ? toDatabase(env) : undefined;
    return {
      appName: spec.appName,
      environment: env.APP_ENV,
      developmentDefaults: [
        ...sharedDevelopmentDefaults({ kafka, database }),
        ...(spec.developmentDefaults?.(own) ?? []),
      ],
      logLevel: env.LOG_LEVEL,
      tracing: toTracing(env),
      http: toHttp(env, env[hostKey] as string | undefined, env[spec.portKey] as number),
      ...(kafka ? { kafka } : {}),
      ...(database ? { database } : {}),
      ...own,
    } as LoadedAppConfig<X, K, D>;
  };
}
