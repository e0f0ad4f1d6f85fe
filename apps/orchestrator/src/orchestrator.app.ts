import { loadOrchestratorConfig, type OrchestratorConfig } from '@mp/config';
import type { AppDefinition } from '@mp/platform';
import { OrchestratorModule } from './orchestrator.module';

export const orchestratorApp: AppDefinition<OrchestratorConfig> = {
  name: 'orchestrator',
  loadConfig: () => loadOrchestratorConfig(),
  module: (config, logger) => OrchestratorModule.forRoot(config, logger),
  // State lives in Kafka and in memory (ADR 0007): no tables.
  migrations: [],
};
