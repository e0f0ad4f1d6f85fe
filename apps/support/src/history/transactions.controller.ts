import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiError, Requires } from '@mp/platform';
import { SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { searchQuerySchema, transactionPathSchema } from '../http/support.schemas';
import { PurchaseHistoryReader } from '../index/purchase-history.reader';
import { ReplayService } from '../replay/replay.service';
import {
  historyEventOf,
  parkingRecordOf,
  purchaseSummaryOf,
  redriveOf,
} from './support-response.mapper';
import { SupportQueries } from './support-queries.service';

/** contracts.md section 6: a purchase's history, its replay, its summary, and search. */
@Controller('v1/support/transactions')
export class TransactionsController {
  constructor(
    private readonly histories: PurchaseHistoryReader,
    private readonly queries: SupportQueries,
    private readonly replays: ReplayService,
  ) {}

  @Get()
  @Requires(SUPPORT_READ)
  async search(@Query() query: unknown) {
    const filters = parseRequest(searchQuerySchema, query ?? {}, 'query');
    const purchases = await this.queries.search(filters);
    return { purchases: purchases.map(purchaseSummaryOf) };
  }

  @Get(':transactionId')
  @Requires(SUPPORT_READ)
  async summary(@Param() params: unknown) {
    const { transactionId } = parseRequest(transactionPathSchema, params, 'transactionId');
    const summary = await this.queries.summary(transactionId);
    if (summary === null) throw unknown(transactionId);
    const [parking, redrives] = await Promise.all([
      this.queries.parking(transactionId),
      this.queries.redrives(transactionId),
    ]);
    return {
      ...purchaseSummaryOf(summary),
      parking: parking.map(parkingRecordOf),
      redrives: redrives.map(redriveOf),
    };
  }

  @Get(':transactionId/events')
  @Requires(SUPPORT_READ)
  async events(@Param() params: unknown) {
    const { transactionId } = parseRequest(transactionPathSchema, params, 'transactionId');
    const rows = await this.histories.rows(transactionId);
    if (rows.length === 0) throw unknown(transactionId);
    return { transactionId, events: rows.map(historyEventOf) };
  }

  @Get(':transactionId/replay')
  @Requires(SUPPORT_READ)
  async replay(@Param() params: unknown) {
    const { transactionId } = parseRequest(transactionPathSchema, params, 'transactionId');
    const replay = await this.replays.replay(transactionId);
    if (replay === null) throw unknown(transactionId);
    return replay;
  }
}

export function unknown(transactionId: string): ApiError {
  return new ApiError(
    404,
    'UNKNOWN_TRANSACTION',
    `No purchase ${transactionId} in the event index.`,
    'transactionId',
  );
}
