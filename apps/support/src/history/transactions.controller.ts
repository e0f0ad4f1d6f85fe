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
import { SupportQueries, type TransactionLink } from './support-queries.service';

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
    const { transactionId: requested } = parseRequest(
      transactionPathSchema,
      params,
      'transactionId',
    );
    const { transactionId, aliasOf } = await this.resolve(requested);
    const summary = await this.queries.summary(transactionId);
    if (summary === null) throw unknown(requested);
    const [parking, redrives, aliases] = await Promise.all([
      this.queries.parking(transactionId),
      this.queries.redrives(transactionId),
      this.queries.aliases(transactionId),
    ]);
    return {
      ...purchaseSummaryOf(summary),
      aliasOf,
      aliases,
      parking: parking.map(parkingRecordOf),
      redrives: redrives.map(redriveOf),
    };
  }

  @Get(':transactionId/events')
  @Requires(SUPPORT_READ)
  async events(@Param() params: unknown) {
    const { transactionId: requested } = parseRequest(
      transactionPathSchema,
      params,
      'transactionId',
    );
    const { transactionId, aliasOf } = await this.resolve(requested);
    const rows = await this.histories.rows(transactionId);
    if (rows.length === 0) throw unknown(requested);
    const aliases = await this.queries.aliases(transactionId);
    return { transactionId, aliasOf, aliases, events: rows.map(historyEventOf) };
  }

  /**
   * ADR 0027: a new launch's transactionId whose LPA error a purchase took up reads as that purchase, with
   * `aliasOf` naming it; a purchase of its own under the id always wins.
   */
  private async resolve(
    requested: string,
  ): Promise<{ transactionId: string; aliasOf: TransactionLink | null }> {
    if ((await this.queries.summary(requested)) !== null) {
      return { transactionId: requested, aliasOf: null };
    }
    const aliasOf = await this.queries.aliasOf(requested);
    return { transactionId: aliasOf?.transactionId ?? requested, aliasOf };
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
