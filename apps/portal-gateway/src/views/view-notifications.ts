import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '@mp/config';
import { APP_CONFIG, APP_LOGGER, type AppLogger } from '@mp/platform';

export const VIEW_CHANNEL = 'purchase_view_changed';

/**
 * LISTENs for purchase view changes (the projector NOTIFYs in its transaction), so that a long-poll wakes on the
 * commit that makes its directive ready, whichever gateway instance projected it.
 */
@Injectable()
export class ViewNotifications implements OnModuleInit, OnModuleDestroy {
  private readonly emitter = new EventEmitter();
  private client: Client | undefined;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }

  /** Resolves on the next change of that purchase's view, or after `timeoutMs`. */
  next(transactionId: string, timeoutMs: number): { changed: Promise<void>; cancel: () => void } {
    let cancel = () => undefined as void;
    const changed = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(transactionId, done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.emitter.on(transactionId, done);
      cancel = done;
    });
    return { changed, cancel };
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.database!.url });
    client.on('notification', (message) => {
      if (message.channel === VIEW_CHANNEL && message.payload) {
        this.emitter.emit(message.payload);
      }
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'view notifications: connection lost; reconnecting');
      void client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.connect().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query(`LISTEN ${VIEW_CHANNEL}`);
    this.client = client;
  }
}
