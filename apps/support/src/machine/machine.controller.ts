import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CallerOf, Requires, type Caller } from '@mp/platform';
import { SUPPORT_OPERATOR, SUPPORT_READ } from '../auth/support-access';
import { parseRequest } from '../http/request-parsing';
import { indexRebuildBodySchema } from '../http/support.schemas';
import { EventIndexer } from '../index/event-indexer.service';
import { OperatorActions } from '../operator/operator-actions.service';
import { machineGraph, type MachineGraph } from './machine-graph';

/** The purchase machine as the console draws it, and the index rebuild command. */
@Controller('v1/support')
export class MachineController {
  private readonly graph: MachineGraph = machineGraph();

  constructor(
    private readonly indexer: EventIndexer,
    private readonly actions: OperatorActions,
  ) {}

  @Get('machine')
  @Requires(SUPPORT_READ)
  machine(): MachineGraph {
    return this.graph;
  }

  /** Drops the event index and reads the log again from the first offset (G6); operators only, recorded first. */
  @Post('index/rebuild')
  @Requires(SUPPORT_OPERATOR)
  @HttpCode(202)
  async rebuild(
    @Body() body: unknown,
    @CallerOf() caller: Caller,
  ): Promise<{ rebuilding: true; actionId: string }> {
    const { reason } = parseRequest(indexRebuildBodySchema, body ?? {}, 'body');
    const action = await this.actions.record({
      action: 'index-rebuild',
      requestedBy: caller.name,
      transactionId: null,
      reason: reason ?? null,
    });
    await this.indexer.rebuild();
    return { rebuilding: true, actionId: action.actionId };
  }
}
