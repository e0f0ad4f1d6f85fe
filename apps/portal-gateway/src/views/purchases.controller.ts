import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import type { PurchaseView } from '@mp/contracts';
import { inSpan } from '@mp/event-log';
import { ApiError, APP_TRACER, DATA_SOURCE, Requires } from '@mp/platform';
import { PORTAL_CLIENT } from '../security/portal-access';
import { findView } from './purchase-view-aliases';
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
    @Inject(APP_TRACER) private readonly tracer: Tracer,
  ) {}

  @Get(':transactionId')
  @Requires(PORTAL_CLIENT)
  async purchase(
    @Param('transactionId') transactionId: string,
    @Query('waitMs') waitMsText?: string,
  ): Promise<PurchaseView> {
    if (transactionId.length < 1 || transactionId.length > 64) {
      throw new ApiError(
        400,
        'INVALID_PARAMETER',
        'transactionId: 1 to 64 characters',
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

  /** One read of the view, through a re-issue's alias (a long poll reads it again on each change). */
  private find(transactionId: string): Promise<PurchaseView | null> {
    return inSpan(this.tracer, 'purchase-view read', {}, async (span) => {
      const view = await findView(this.db, transactionId);
      span.setAttributes({
        'mp.view.found': view !== null,
        'mp.view.directive': view?.directive?.api ?? 'none',
      });
      return view;
    });
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
