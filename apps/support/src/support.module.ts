import type { DynamicModule } from '@nestjs/common';
import type { SupportConfig } from '@mp/config';
import { openApiController, PlatformModule, type AppLogger } from '@mp/platform';
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
import { supportOpenApi } from './openapi/support.openapi';
import { OperatorActionsController } from './operator/operator-actions.controller';
import { OperatorActions } from './operator/operator-actions.service';
import { RedriveController } from './redrive/redrive.controller';
import { RedriveService } from './redrive/redrive.service';
import { HistoryPagesController } from './replay/history-pages.controller';
import { ReplayService } from './replay/replay.service';
import { SUPPORT_SETTINGS } from './support.settings';

/** Support staff: event index, history and replay API, redrive, console page. */
export class SupportModule {
  static forRoot(config: SupportConfig, logger: AppLogger): DynamicModule {
    const support = config;
    if (support.support.credentials.kind === 'file') {
      logger.info(
        { file: support.support.credentials.path, operators: support.support.operators },
        'support users from SUPPORT_CREDENTIALS_FILE',
      );
    }
    if (support.support.operators.length === 0) {
      logger.warn(
        'SUPPORT_OPERATORS names no one: redrive and index rebuild are refused to everyone',
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
        OperatorActionsController,
        HistoryPagesController,
        ConsoleController,
        openApiController(supportOpenApi, 'the support API'),
      ],
      providers: [
        { provide: SUPPORT_SETTINGS, useValue: support },
        PurchaseHistoryReader,
        IndexWriter,
        EventIndexer,
        SupportQueries,
        ReplayService,
        RedriveService,
        OperatorActions,
      ],
    };
  }
}
