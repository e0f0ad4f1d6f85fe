import { Controller, Get, Header, Query } from '@nestjs/common';
import { Requires } from '@mp/platform';
import { SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { historyPageQuerySchema } from '../http/support.schemas';
import { PurchaseHistoryReader } from '../index/purchase-history.reader';

/**
 * Whole histories, page by page, for the fleet replay (`npm run support -- verify`, ADR 0018): the CLI folds them
 * with the purchase machine it was built with, so a new machine version is checked against the production index
 * before it is deployed. The JSON is assembled from PostgreSQL's text: `{"purchases":[{transactionId, events,
 * effects}], "next": <the after of the next page, or null at the end>}`.
 */
@Controller('v1/support/index')
export class HistoryPagesController {
  constructor(private readonly histories: PurchaseHistoryReader) {}

  @Get('histories')
  @Requires(SUPPORT_READ)
  @Header('content-type', 'application/json; charset=utf-8')
  async page(@Query() query: unknown): Promise<string> {
    const { after, limit } = parseRequest(historyPageQuerySchema, query ?? {}, 'query');
    const rows = await this.histories.page(after ?? '', limit);
    const purchases = rows.map(
      (row) =>
        `{"transactionId":${JSON.stringify(row.transaction_id)},"events":${row.events ?? '[]'},` +
        `"effects":${row.effects ?? '[]'}}`,
    );
    const last = rows.at(-1)?.transaction_id;
    const next = rows.length === limit && last !== undefined ? JSON.stringify(last) : 'null';
    return `{"purchases":[${purchases.join(',')}],"next":${next}}`;
  }
}
