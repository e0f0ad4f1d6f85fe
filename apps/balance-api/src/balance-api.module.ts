import type { DynamicModule } from '@nestjs/common';
import type { BalanceApiConfig } from '@mp/config';
import { openApiController, PlatformModule, type AppLogger } from '@mp/platform';
import { GetBalanceAccessLog } from './api/get-balance.access-log';
import { GetBalanceListener } from './api/get-balance.listener';
import { CLOCK, systemClock, type Clock } from './api/clock';
import { GetBalanceService } from './api/get-balance.service';
import { TransactionIdWindow } from './api/transaction-id.window';
import { BalanceReader } from './balance/balance.reader';
import { balanceApiOpenApi } from './openapi/balance-api.openapi';
import { BalanceProjectionService } from './projection/balance-projection.service';
import { balanceEntities } from './projection/entities';

export interface BalanceApiOverrides {
  readonly clock?: Clock;
}

/** The balance projection and Microsoft's GetBalance API. */
export class BalanceApiModule {
  static forRoot(
    config: BalanceApiConfig,
    logger: AppLogger,
    overrides: BalanceApiOverrides = {},
  ): DynamicModule {
    if (config.balanceApi.insecurePlainHttp) {
      logger.warn(
        'BALANCE_API_INSECURE_PLAIN_HTTP is on: no TLS and no client certificate check (benchmarks only)',
      );
    }
    return {
      module: BalanceApiModule,
      imports: [PlatformModule.forApp(config, logger, { entities: balanceEntities })],
      controllers: [openApiController(balanceApiOpenApi, 'GetBalance')],
      providers: [
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        BalanceReader,
        TransactionIdWindow,
        GetBalanceAccessLog,
        GetBalanceService,
        GetBalanceListener,
        BalanceProjectionService,
      ],
    };
  }
}
