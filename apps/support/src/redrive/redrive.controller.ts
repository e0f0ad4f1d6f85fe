import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { RedriveErrorCode } from '@mp/contracts';
import {
  AnswersDomainErrors,
  CallerOf,
  Requires,
  type Caller,
  type ErrorStatuses,
} from '@mp/platform';
import { SUPPORT_OPERATOR } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { redriveBodySchema, transactionPathSchema } from '../http/support.schemas';
import { RedriveService } from './redrive.service';

/** Redrive of a parked purchase (operators only), recorded with the authenticated user and their reason. */
const REDRIVE_ERROR_STATUSES: ErrorStatuses<RedriveErrorCode> = {
  UNKNOWN_TRANSACTION: 404,
  NOT_PARKED: 409,
};

@Controller('v1/support/transactions')
@AnswersDomainErrors(REDRIVE_ERROR_STATUSES)
export class RedriveController {
  constructor(private readonly redrives: RedriveService) {}

  @Post(':transactionId/redrive')
  @Requires(SUPPORT_OPERATOR)
  @HttpCode(202)
  redrive(@Param() params: unknown, @Body() body: unknown, @CallerOf() caller: Caller) {
    const { transactionId } = parseRequest(transactionPathSchema, params, 'transactionId');
    const { reason } = parseRequest(redriveBodySchema, body ?? {}, 'body');
    return this.redrives.redrive(transactionId, caller.name, reason);
  }
}
