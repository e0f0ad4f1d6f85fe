import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** Carries out SM-DP+ effect requests over GSMA ES2+ and takes download progress notifications. */
export class SmdpAdapterModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: SmdpAdapterModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
