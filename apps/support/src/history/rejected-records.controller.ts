import { Controller, Get, Query } from '@nestjs/common';
import { Requires } from '@mp/platform';
import { SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { rejectedQuerySchema } from '../http/support.schemas';
import { rejectedRecordOf } from './support-response.mapper';
import { SupportQueries } from './support-queries.service';

/** Records no purchase took (G8), newest first. */
@Controller('v1/support/rejected-records')
export class RejectedRecordsController {
  constructor(private readonly queries: SupportQueries) {}

  @Get()
  @Requires(SUPPORT_READ)
  async list(@Query() query: unknown) {
    const filters = parseRequest(rejectedQuerySchema, query ?? {}, 'query');
    const records = await this.queries.rejected(filters);
    return { rejectedRecords: records.map(rejectedRecordOf) };
  }
}
