import type { Logger } from 'pino';

/**
 * A round of work run every `everyMs`, never two at once (a round that overruns makes the next tick a no-op), whose
 * failure is logged and left to the next round. The timer scheduler and the changelog upkeep run on it.
 */
export class PeriodicRound {
  private interval: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly everyMs: number,
    private readonly round: () => Promise<void>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly failed: string,
  ) {}

  start(): void {
    this.interval = setInterval(() => void this.run(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.interval);
  }

  /** Runs one round now, unless one is under way; resolves when it is done. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.round();
    } catch (error) {
      this.logger.warn({ err: error }, this.failed);
    } finally {
      this.running = false;
    }
  }
}
