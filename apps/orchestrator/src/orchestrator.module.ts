import type { DynamicModule } from '@nestjs/common';
import type { OrchestratorConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';
import { OrchestratorRuntime } from './runtime/orchestrator.runtime';

/** Runs one purchase machine per transactionId over the Kafka event log. */
export class OrchestratorModule {
  static forRoot(config: OrchestratorConfig, logger: AppLogger): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [PlatformModule.forApp(config, logger)],
      providers: [OrchestratorRuntime],
    };
  }
}
