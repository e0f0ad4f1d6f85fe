import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  admitPortalEvent,
  admitSize,
  balanceAdjustmentSchema,
  usageEventSchema,
  validateWith,
  type IntakeErrorCode,
  type Validated,
} from '@mp/contracts';
import {
  AnswersDomainErrors,
  ApiError,
  CallerOf,
  Requires,
  type Caller,
  type ErrorStatuses,
} from '@mp/platform';
import { PORTAL_CLIENT } from '../security/portal-access';
import { IntakeService } from './intake.service';

/**
 * contracts.md sections 1 and 2 (and ADR 0020's adjustments): events in over HTTP from portal backends, 202 once durably in Kafka. Every rule
 * of the contract is applied before that (size, schema, the cross-field rules of D20/D21, with the function the
 * orchestrator applies), so an event answered 202 is one the orchestrator will take up; what only a purchase's
 * state can decide stays its.
 */
/** The statuses of the intake's codes (contracts.md sections 1 and 2). */
export const INTAKE_ERROR_STATUSES: ErrorStatuses<IntakeErrorCode> = {
  EVENT_ID_CONFLICT: 409,
  EVENT_LOG_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
};

@Controller('v1')
@AnswersDomainErrors(INTAKE_ERROR_STATUSES)
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post('portal-events')
  @Requires(PORTAL_CLIENT)
  @HttpCode(202)
  async portalEvent(
    @Body() body: unknown,
    @CallerOf() client: Caller,
  ): Promise<{ eventId: string; transactionId: string }> {
    const event = valid(admitPortalEvent(body));
    await this.intake.accept('portalEvents', event.eventId, event.transactionId, body, client);
    return { eventId: event.eventId, transactionId: event.transactionId };
  }

  @Post('usage-events')
  @Requires(PORTAL_CLIENT)
  @HttpCode(202)
  async usageEvent(
    @Body() body: unknown,
    @CallerOf() client: Caller,
  ): Promise<{ eventId: string; iccid: string }> {
    const event = valid(validateWith(usageEventSchema, body));
    valid(admitSize(body));
    await this.intake.accept('usage', event.eventId, event.iccid, body, client);
    return { eventId: event.eventId, iccid: event.iccid };
  }

  /** ADR 0020: the charging system's balance adjustments, by the same receipt rules as usage events. */
  @Post('balance-adjustments')
  @Requires(PORTAL_CLIENT)
  @HttpCode(202)
  async balanceAdjustment(
    @Body() body: unknown,
    @CallerOf() client: Caller,
  ): Promise<{ eventId: string; iccid: string; kind: string }> {
    const adjustment = valid(validateWith(balanceAdjustmentSchema, body));
    valid(admitSize(body));
    await this.intake.accept(
      'balanceAdjustments',
      adjustment.eventId,
      adjustment.iccid,
      body,
      client,
    );
    return { eventId: adjustment.eventId, iccid: adjustment.iccid, kind: adjustment.kind };
  }
}

function valid<T>(result: Validated<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(400, 'INVALID_EVENT', result.message, result.parameter);
}
