import { Client } from 'pg';
import type { Logger } from 'pino';

export interface NotificationListenerOptions {
  readonly url: string;
  /** Fixed identifiers chosen by the code (never from outside): they are written into `LISTEN`. */
  readonly channels: readonly string[];
  readonly applicationName: string;
  readonly logger: Logger;
  /** One notice, delivered after the notifying transaction committed. The payload is the sender's text. */
  onNotification(channel: string, payload: string): void;
  /**
   * Called each time the listener starts listening, the first time and after every reconnect: whatever was notified
   * while it was not listening is lost, so the owner treats what it knows as stale.
   */
  onListening?(): void;
  /** The connection is gone; notices are not heard until `onListening` runs again. */
  onLost?(error: unknown): void;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;
const retryMs = { first: 500, max: 5000 };

/**
 * One PostgreSQL LISTEN connection that keeps itself alive: when the server restarts or the connection drops, it
 * reconnects (with a bounded back-off) for as long as it is not stopped. Nothing it does throws into its owner;
 * `listening` says whether notices are being heard right now.
 */
export class NotificationListener {
  private client: Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private attempts = 0;
  private stopped = false;
  private isListening = false;

  constructor(private readonly options: NotificationListenerOptions) {
    for (const channel of options.channels) {
      if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
    }
  }

  get listening(): boolean {
    return this.isListening;
  }

  /** Resolves after the first attempt to listen, successful or not (a failed one is retried in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.isListening = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (this.client === client)
        this.options.onNotification(message.channel, message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    this.attempts = 0;
    this.isListening = true;
    this.options.onListening?.();
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    const wasListening = this.isListening;
    this.isListening = false;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasListening || this.attempts === 0) {
      this.options.logger.warn(
        { err: error, channels: this.options.channels },
        'PostgreSQL notifications lost; reconnecting',
      );
    }
    if (wasListening) this.options.onLost?.(error);
    this.attempts += 1;
    const delay = Math.min(retryMs.max, retryMs.first * 2 ** Math.min(this.attempts - 1, 4));
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), delay);
  }
}
