import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { openApiController, PlatformModule, type AppLogger } from '@mp/platform';
import { PortalScriptController } from './assets/portal-script.controller';
import { IntakeController } from './intake/intake.controller';
import { IntakeService } from './intake/intake.service';
import { portalGatewayOpenApi } from './openapi/portal-gateway.openapi';
import { PurchaseViewProjector } from './views/purchase-view.projector';
import { PurchasesController } from './views/purchases.controller';
import { ViewNotifications } from './views/view-notifications';

/** Portal events and usage events in over HTTP; the purchase view out; the portal-side script. */
export class PortalGatewayModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: PortalGatewayModule,
      imports: [PlatformModule.forApp(config, logger)],
      controllers: [
        IntakeController,
        PurchasesController,
        PortalScriptController,
        openApiController(portalGatewayOpenApi, 'the portal gateway'),
      ],
      providers: [IntakeService, ViewNotifications, PurchaseViewProjector],
    };
  }
}
