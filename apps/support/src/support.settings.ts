import type { AppConfig, DatabaseConfig, KafkaConfig, loadSupportConfig } from '@mp/config';

type SupportSection = ReturnType<typeof loadSupportConfig>['support'];

/** The support app's configuration with the sections it always has. */
export type SupportAppConfig = AppConfig & {
  readonly kafka: KafkaConfig;
  readonly database: DatabaseConfig;
  readonly support: SupportSection;
};

export const SUPPORT_SETTINGS = Symbol('SUPPORT_SETTINGS');

/** Narrows the platform's AppConfig to the support app's (its loader always gives these sections). */
export function supportConfigOf(config: AppConfig): SupportAppConfig {
  const candidate = config as Partial<SupportAppConfig>;
  if (!candidate.kafka || !candidate.database || !candidate.support) {
    throw new Error('the support app needs its own configuration (loadSupportConfig)');
  }
  return candidate as SupportAppConfig;
}
