import { Controller, Get, Query } from '@nestjs/common';
import { CallerOf, Requires, type Caller } from '@mp/platform';
import { SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { operatorActionsQuerySchema } from '../http/support.schemas';
import { OperatorActions } from './operator-actions.service';

/** Who is signed in (the console shows it and what they may do), and what operators did. */
@Controller('v1/support')
export class OperatorActionsController {
  constructor(private readonly actions: OperatorActions) {}

  @Get('me')
  @Requires(SUPPORT_READ)
  me(@CallerOf() caller: Caller) {
    return { user: caller.name, roles: caller.roles };
  }

  @Get('operator-actions')
  @Requires(SUPPORT_READ)
  async list(@Query() query: unknown) {
    const { limit } = parseRequest(operatorActionsQuerySchema, query ?? {}, 'query');
    return { operatorActions: await this.actions.recent(limit) };
  }
}
