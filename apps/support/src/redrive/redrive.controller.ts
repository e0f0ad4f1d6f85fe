import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { SupportAuthGuard, SupportUser } from '../auth/support-auth.guard';
import { parseRequest } from '../http/request-parsing';
import { redriveBodySchema, transactionPathSchema } from '../http/support.schemas';
import { RedriveService } from './redrive.service';

/** Redrive of a parked purchase, recorded with the authenticated user and their reason. */
@Controller('v1/support/transactions')
@UseGuards(SupportAuthGuard)
export class RedriveController {
  constructor(private readonly redrives: RedriveService) {}

  @Post(':transactionId/redrive')
  @HttpCode(202)
  redrive(@Param() params: unknown, @Body() body: unknown, @SupportUser() user: string) {
    const { transactionId } = parseRequest(transactionPathSchema, params, 'transactionId');
    const { reason } = parseRequest(redriveBodySchema, body ?? {}, 'body');
    return this.redrives.redrive(transactionId, user, reason);
  }
}
