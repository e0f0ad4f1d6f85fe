import type {
  AppEnvironment,
  DatabaseConfig,
  HttpConfig,
  KafkaConfig,
  LogLevel,
} from '../config.fragments';
import type { DevelopmentDefault } from '../development-defaults';
import type { TracingConfig } from '../tracing/tracing.settings';

export const APP_NAMES = [
  'portal-gateway',
  'orchestrator',
  'smdp-adapter',
  'smdp-simulator',
  'balance-api',
  'support',
] as const;

export type AppName = (typeof APP_NAMES)[number];

/** What every app has: a name, a log level and an HTTP listener (health, metrics and its own API). */
export interface AppConfig {
  readonly appName: AppName;
  /** APP_ENV: production refuses to start while any development default is in place. */
  readonly environment: AppEnvironment;
  /** The development defaults these settings leave in place (production-readiness.ts). */
  readonly developmentDefaults: readonly DevelopmentDefault[];
  readonly logLevel: LogLevel;
  /** OpenTelemetry traces: off unless an OTLP endpoint is configured (ADR 0024). */
  readonly tracing: TracingConfig;
  readonly http: HttpConfig;
}

/** An app that uses Kafka (its loader says `kafka: true`); readiness then checks it. */
export interface KafkaSection {
  readonly kafka: KafkaConfig;
}

/** An app that uses PostgreSQL (its loader says `database: true`); readiness checks it and start-up migrates it. */
export interface DatabaseSection {
  readonly database: DatabaseConfig;
}

/** Whether an app's config has the Kafka section (for code that serves every app: the platform, the launcher). */
export function usesKafka<C extends AppConfig>(config: C): config is C & KafkaSection {
  return (config as Partial<KafkaSection>).kafka !== undefined;
}

/** Whether an app's config has the PostgreSQL section. */
export function usesDatabase<C extends AppConfig>(config: C): config is C & DatabaseSection {
  return (config as Partial<DatabaseSection>).database !== undefined;
}
