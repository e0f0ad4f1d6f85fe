import { Controller, Get, Param } from '@nestjs/common';
import { Requires } from '@mp/platform';
import { SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { simPathSchema } from '../http/support.schemas';
import { purchaseSummaryOf } from './support-response.mapper';
import { SupportQueries } from './support-queries.service';

/** contracts.md section 6: the purchases that touched a SIM, newest first. */
@Controller('v1/support/sims')
export class SimsController {
  constructor(private readonly queries: SupportQueries) {}

  @Get(':iccid/transactions')
  @Requires(SUPPORT_READ)
  async transactions(@Param() params: unknown) {
    const { iccid } = parseRequest(simPathSchema, params, 'iccid');
    const purchases = await this.queries.bySim(iccid);
    return {
      iccid,
      transactionIds: purchases.map((purchase) => purchase.transactionId),
      purchases: purchases.map(purchaseSummaryOf),
    };
  }
}
