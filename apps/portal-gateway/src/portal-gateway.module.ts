import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';

/** Portal events and usage events in over HTTP; the purchase view out. */
export class PortalGatewayModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return { module: PortalGatewayModule, imports: [PlatformModule.forApp(config, logger)] };
  }
}
