import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** Support staff: event index, history and replay. */
export class SupportModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: SupportModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
