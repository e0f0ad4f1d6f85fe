import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** Runs one purchase machine per transactionId over the Kafka event log. */
export class OrchestratorModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: OrchestratorModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
