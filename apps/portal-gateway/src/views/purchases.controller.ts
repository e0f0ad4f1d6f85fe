import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { TextLimits, type PurchaseView } from '@mp/contracts';
import { ApiError, DATA_SOURCE, Requires } from '@mp/platform';
import { PORTAL_CLIENT } from '../security/portal-access';
import { ViewNotifications } from './view-notifications';

const maxWaitMs = 10_000;

/**
 * contracts.md section 3: the purchase as the portal reads it, with an optional long-poll for the directive. It
 * holds the activation code, so only portal backends may read it.
 */
@Controller('v1/purchases')
export class PurchasesController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly notifications: ViewNotifications,
  ) {}

  @Get(':transactionId')
  @Requires(PORTAL_CLIENT)
  async purchase(
    @Param('transactionId') transactionId: string,
    @Query('waitMs') waitMsText?: string,
  ): Promise<PurchaseView> {
    if (transactionId.length < 1 || transactionId.length > TextLimits.transactionId) {
      throw new ApiError(
        400,
        'INVALID_PARAMETER',
        `transactionId: 1 to ${TextLimits.transactionId} characters`,
        'transactionId',
      );
    }
    const waitMs = parseWaitMs(waitMsText);
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Listen before reading, so that a change committed between the read and the wait is not missed.
      const change = this.notifications.next(transactionId, deadline - Date.now());
      const view = await this.find(transactionId);
      if ((view !== null && view.directive !== null) || Date.now() >= deadline) {
        change.cancel();
        if (view === null) {
          throw new ApiError(
            404,
            'PURCHASE_NOT_FOUND',
            `no purchase ${transactionId}`,
            'transactionId',
          );
        }
        return view;
      }
      await change.changed;
    }
  }

  /**
   * The purchase itself, or (ADR 0024) the purchase a new launch's LPA error was filed under, read as that purchase
   * is: a purchase of its own under the id always wins. While the re-order for that launch is under way it has no
   * directive yet: the old one is what failed on the device.
   */
  private async find(transactionId: string): Promise<PurchaseView | null> {
    const rows = await this.db.query<{ view: PurchaseView; ready: boolean }[]>(
      `SELECT view, ready FROM (
         SELECT view, true AS ready, 0 AS rank FROM purchase_view WHERE transaction_id = $1
         UNION ALL
         SELECT v.view, a.directive_ready, 1 FROM purchase_view_alias a
           JOIN purchase_view v ON v.transaction_id = a.original_transaction_id
          WHERE a.transaction_id = $1
       ) found ORDER BY rank LIMIT 1`,
      [transactionId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return row.ready ? row.view : { ...row.view, directive: null };
  }
}

function parseWaitMs(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d+$/.test(text) || Number(text) > maxWaitMs) {
    throw new ApiError(
      400,
      'INVALID_PARAMETER',
      `waitMs: an integer from 0 to ${maxWaitMs}`,
      'waitMs',
    );
  }
  return Number(text);
}
