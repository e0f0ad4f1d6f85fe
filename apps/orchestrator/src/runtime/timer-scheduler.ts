import type { Logger } from 'pino';
import type { ExactlyOnceProcessor } from '@mp/event-log';
import type { RecordDecider } from '../processing/record-decider';
import type { PurchaseStore } from '../state/purchase-store';
import { orchestratorMetrics } from './orchestrator.metrics';
import { PeriodicRound } from './periodic-round';

/**
 * Fires due timers of the partitions this process owns, through the same transactions as input records (G5):
 * timers overdue at start fire on the first tick after the claim; a cancelled timer has left the index; a fire
 * repeated after a crash is a duplicate of the committed one.
 */
export class TimerScheduler {
  private readonly rounds: PeriodicRound;

  constructor(
    private readonly store: PurchaseStore,
    private readonly processor: ExactlyOnceProcessor,
    private readonly decider: RecordDecider,
    pollMs: number,
    logger: Logger,
  ) {
    this.rounds = new PeriodicRound(
      pollMs,
      () => this.tick(),
      logger,
      'timer tick failed; the next tick retries',
    );
  }

  start(): void {
    this.rounds.start();
  }

  stop(): void {
    this.rounds.stop();
  }

  private async tick(): Promise<void> {
    const owned = new Set(this.processor.ownedPartitions());
    orchestratorMetrics.ownedPartitions.set(owned.size);
    for (const timer of this.store.dueTimers(Date.now(), owned)) {
      await this.processor.runInPartition(timer.partition, () => {
        if (!this.store.hasTimer(timer.timerId)) return null;
        const plan = this.decider.decideTimer(timer);
        return {
          messages: plan.messages,
          afterCommit: () => {
            plan.afterCommit();
            orchestratorMetrics.timerLateness.observe(
              (Date.now() - Date.parse(timer.dueAt)) / 1000,
            );
          },
        };
      });
    }
  }
}
