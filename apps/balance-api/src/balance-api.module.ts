import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** The balance projection and Microsoft's GetBalance API. */
export class BalanceApiModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: BalanceApiModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
