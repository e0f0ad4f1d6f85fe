import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { SupportAuthGuard } from '../auth/support-auth.guard';
import { EventIndexer } from '../index/event-indexer.service';
import { machineGraph, type MachineGraph } from './machine-graph';

/** The purchase machine as the console draws it, and the index rebuild command. */
@Controller('v1/support')
@UseGuards(SupportAuthGuard)
export class MachineController {
  private readonly graph: MachineGraph = machineGraph();

  constructor(private readonly indexer: EventIndexer) {}

  @Get('machine')
  machine(): MachineGraph {
    return this.graph;
  }

  /** Drops the event index and reads the log again from the first offset (G6). */
  @Post('index/rebuild')
  @HttpCode(202)
  async rebuild(): Promise<{ rebuilding: true }> {
    await this.indexer.rebuild();
    return { rebuilding: true };
  }
}
