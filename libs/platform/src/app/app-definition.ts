import type { DynamicModule } from '@nestjs/common';
import type { AppConfig, AppName } from '@mp/config';
import type { MigrationSet } from '@mp/database';
import type { AppLogger } from '../logging/app-logger';
import type { AccessPolicy } from '../security/caller';
import type { HttpsOptions } from './https-options';

/**
 * Everything needed to run one app, alone (its own main.ts) or beside the others in one process (the launcher).
 */
export interface AppDefinition<C extends AppConfig = AppConfig> {
  readonly name: AppName;
  readonly loadConfig: () => C;
  // Method syntax on purpose: an app's definition with its own config type stays assignable to
  // AppDefinition<AppConfig> (method parameters are bivariant), so the launcher can list every app.
  module(config: C, logger: AppLogger): DynamicModule;
  /** The migration sets of the tables this app owns (applied before it starts). */
  readonly migrations: readonly MigrationSet[];
  /** TLS for apps whose own port serves HTTPS (the portal gateway, the adapter); undefined = plain HTTP. */
  https?(config: C): HttpsOptions | undefined | Promise<HttpsOptions | undefined>;
  /**
   * The requirements the app's routes may name, each with its authenticator (read at start: token files). An app
   * without one has only public routes.
   */
  access?(config: C): AccessPolicy;
}
