import { loadOrchestratorConfig } from '@mp/config';
import { platformMigrations } from '@mp/database';
import type { AppDefinition } from '@mp/platform';
import { OrchestratorModule } from './orchestrator.module';

export const orchestratorApp: AppDefinition = {
  name: 'orchestrator',
  loadConfig: () => loadOrchestratorConfig(),
  module: (config, logger) => OrchestratorModule.forRoot(config, logger),
  migrations: [platformMigrations],
};
