import { loadOrchestratorConfig, type OrchestratorConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { orchestratorMigrations } from './migrations/orchestrator.migrations';
import { OrchestratorModule } from './orchestrator.module';

export const orchestratorApp: AppDefinition<OrchestratorConfig> = {
  name: 'orchestrator',
  loadConfig: () => loadOrchestratorConfig(),
  module: (config, logger) => OrchestratorModule.forRoot(config, logger),
  // State lives in Kafka and in memory (ADR 0007); only evicted purchases are kept in tables (ADR 0032). No
  // projection runs here, so the platform's checkpoint table is not needed.
  migrations: [orchestratorMigrations],
};
