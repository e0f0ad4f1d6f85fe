import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { PortalGatewayConfig } from '@mp/config';
import { NotificationListener } from '@mp/database';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@mp/platform';

export const VIEW_CHANNEL = 'purchase_view_changed';

/**
 * LISTENs for purchase view changes (the projector NOTIFYs in its transaction), so that a long-poll wakes on the
 * commit that makes its directive ready, whichever gateway instance projected it. Waiters are kept in a Map keyed by
 * transactionId: the id is the portal's own string, so it must never be an event name or an object key that means
 * something ("error", "__proto__"...). When the connection comes back after a loss, every waiter wakes and reads
 * again, since a change may have been committed while nobody listened.
 */
@Injectable()
export class ViewNotifications implements OnModuleInit, OnModuleDestroy {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly listener: NotificationListener;

  constructor(
    @Inject(APP_CONFIG) config: PortalGatewayConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    this.listener = new NotificationListener({
      url: config.database.url,
      channels: [VIEW_CHANNEL],
      applicationName: 'portal-gateway:listen',
      logger,
      onNotification: (_channel, transactionId) => this.wake(transactionId),
      onListening: () => this.wakeAll(),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
    this.wakeAll();
  }

  /** Resolves on the next change of that purchase's view, or after `timeoutMs`. */
  next(transactionId: string, timeoutMs: number): { changed: Promise<void>; cancel: () => void } {
    let cancel = () => undefined as void;
    const changed = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const set = this.waiters.get(transactionId);
        set?.delete(done);
        if (set?.size === 0) this.waiters.delete(transactionId);
        resolve();
      };
      // While nobody listens, poll: a change would not be heard.
      const wait = this.listener.listening ? timeoutMs : Math.min(timeoutMs, 1000);
      const timer = setTimeout(done, Math.max(0, wait));
      const set = this.waiters.get(transactionId) ?? new Set();
      set.add(done);
      this.waiters.set(transactionId, set);
      cancel = done;
    });
    return { changed, cancel };
  }

  private wake(transactionId: string): void {
    for (const done of [...(this.waiters.get(transactionId) ?? [])]) done();
  }

  private wakeAll(): void {
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
  }
}
