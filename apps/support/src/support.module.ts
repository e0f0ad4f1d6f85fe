import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@mp/config';
import { PlatformModule, type AppLogger } from '@mp/platform';
import { SupportAuthGuard } from './auth/support-auth.guard';
import { SupportCredentials } from './auth/support-credentials';
import { ConsoleController } from './console/console.controller';
import { RejectedRecordsController } from './history/rejected-records.controller';
import { SimsController } from './history/sims.controller';
import { SupportQueries } from './history/support-queries.service';
import { TransactionsController } from './history/transactions.controller';
import { supportEntities } from './index/entities/index.entities';
import { EventIndexer } from './index/event-indexer.service';
import { IndexWriter } from './index/index-writer.service';
import { PurchaseHistoryReader } from './index/purchase-history.reader';
import { MachineController } from './machine/machine.controller';
import { RedriveController } from './redrive/redrive.controller';
import { RedriveService } from './redrive/redrive.service';
import { HistoryPagesController } from './replay/history-pages.controller';
import { ReplayService } from './replay/replay.service';
import { SUPPORT_SETTINGS, supportConfigOf } from './support.settings';

/** Support staff: event index, history and replay API, redrive, console page. */
export class SupportModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    const support = supportConfigOf(config);
    if (support.support.developmentCredential) {
      logger.warn(
        'SUPPORT_CREDENTIALS is not set: the development support credential is in use (see .env.example)',
      );
    }
    return {
      module: SupportModule,
      imports: [PlatformModule.forApp(config, logger, { entities: supportEntities })],
      controllers: [
        TransactionsController,
        RedriveController,
        SimsController,
        RejectedRecordsController,
        MachineController,
        HistoryPagesController,
        ConsoleController,
      ],
      providers: [
        { provide: SUPPORT_SETTINGS, useValue: support },
        {
          provide: SupportCredentials,
          useValue: new SupportCredentials(support.support.credentials),
        },
        SupportAuthGuard,
        PurchaseHistoryReader,
        IndexWriter,
        EventIndexer,
        SupportQueries,
        ReplayService,
        RedriveService,
      ],
    };
  }
}
