import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** An SM-DP+ for development and tests: ES2+ server, profile pool, fault switches. */
export class SmdpSimulatorModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: SmdpSimulatorModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
