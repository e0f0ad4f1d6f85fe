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
  /** OpenTelemetry traces: off unless an OTLP endpoint is configured (ADR 0020). */
  readonly tracing: TracingConfig;
  readonly http: HttpConfig;
  /** Present when the app uses Kafka; readiness then checks it. */
  readonly kafka?: KafkaConfig;
  /** Present when the app uses PostgreSQL; readiness then checks it and start-up migrates it. */
  readonly database?: DatabaseConfig;
}
