import type { Consumer, ConsumerConfig, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { outlastingRetry } from '../kafka-client.factory';
import { consumerRestarts } from './projection.metrics';

/** `reconnecting`: running, but the broker has not answered it for a while (an outage it is riding out). */
export type ConsumerState = 'starting' | 'running' | 'reconnecting' | 'restarting' | 'stopped';

export interface SupervisedConsumerOptions {
  readonly kafka: Kafka;
  /** Names the consumer in logs and metrics. */
  readonly name: string;
  /** A function when each start needs its own settings (a fresh group id for a consumer that never commits). */
  readonly config: ConsumerConfig | (() => ConsumerConfig);
  readonly topics: readonly string[];
  readonly run: () => ConsumerRunConfig;
  readonly logger: Logger;
  /**
   * Runs synchronously as each group join completes, before any fetch of the new assignment: seeks made here decide
   * where every assigned partition is read from. `memberId` is the member the group knows this consumer as.
   */
  readonly onJoin?: (
    consumer: Consumer,
    assignment: Readonly<Record<string, number[]>>,
    memberId: string,
  ) => void;
  /** Runs before each (re)start of the consumer, e.g. to read checkpoints again. */
  readonly beforeStart?: () => Promise<void>;
  readonly onBatchEnd?: (end: {
    topic: string;
    partition: number;
    highWatermark: string;
    lastOffset: string;
  }) => void;
}

const restartDelayMs = { first: 1000, max: 30_000 };

/**
 * No answer from the broker for this long while no batch is being handled (fetches are answered at least every
 * `maxWaitTimeInMs`, heartbeats every ≤ 3 s): the consumer is riding out an outage, not consuming.
 */
const contactLostAfterMs = ({ maxWaitTimeInMs = 5000 }: ConsumerConfig) =>
  Math.max(5000, 2 * maxWaitTimeInMs);

/**
 * A kafkajs consumer that does not stay dead. It rides a broker outage out as the same group member (its requests
 * outlast it: `outlastingRetry`), `reconnecting` meanwhile. kafkajs restarts a consumer that crashed on a retriable
 * error by itself; on any other crash it gives up, and this supervisor starts a new consumer (with a bounded
 * back-off) for as long as it is not stopped. `state` tells readiness the truth meanwhile: `restarting` until the
 * new consumer has joined its group again.
 */
export class SupervisedConsumer {
  private current: Consumer | undefined;
  private currentState: ConsumerState = 'stopped';
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private lastFailure: string | undefined;
  /** When the broker last answered one of the consumer's requests. */
  private lastContact = 0;
  /** Batches handed to the handler and not yet handled: the consumer is busy, not waiting for the broker. */
  private handling = 0;
  private contactLostMs = 5000;

  constructor(private readonly options: SupervisedConsumerOptions) {}

  get state(): ConsumerState {
    const quiet = Date.now() - this.lastContact > this.contactLostMs;
    if (this.currentState === 'running' && this.handling === 0 && quiet) {
      return 'reconnecting';
    }
    return this.currentState;
  }

  /** Why the consumer is not running, while it is not. */
  get failure(): string | undefined {
    const state = this.state;
    if (state === 'reconnecting') return `no answer from Kafka for ${this.contactLostMs / 1000} s`;
    return state === 'running' ? undefined : this.lastFailure;
  }

  /** For readiness: a consumer is ready while it runs and the broker answers it. */
  report(): { ready: boolean; state: ConsumerState; detail?: string } {
    const { state, failure } = this;
    return {
      ready: state === 'running',
      state,
      ...(failure === undefined ? {} : { detail: failure }),
    };
  }

  get consumer(): Consumer | undefined {
    return this.current;
  }

  /** Starts the consumer; resolves once it has joined its group (or rejects, leaving nothing running). */
  async start(): Promise<void> {
    this.currentState = 'starting';
    try {
      await this.startConsumer();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.currentState = 'stopped';
    clearTimeout(this.retry);
    const consumer = this.current;
    this.current = undefined;
    await consumer?.disconnect().catch(() => undefined);
  }

  private async startConsumer(): Promise<void> {
    await this.options.beforeStart?.();
    const given =
      typeof this.options.config === 'function' ? this.options.config() : this.options.config;
    // Its fetch loop retries as long as its requests do (`createKafkaClient`): it rides an outage out as the same
    // group member.
    const consumer = this.options.kafka.consumer({
      ...given,
      retry: { ...outlastingRetry, ...given.retry },
    });
    this.current = consumer;
    this.contactLostMs = contactLostAfterMs(given);
    consumer.on(consumer.events.REQUEST, () => {
      if (this.current === consumer) this.lastContact = Date.now();
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (this.current !== consumer) return;
      if (this.failures > 0) {
        this.options.logger.info({ consumer: this.options.name }, 'Kafka consumer running again');
      }
      this.currentState = 'running';
      this.lastContact = Date.now();
      // A batch whose handler threw never ended; a join starts the count over.
      this.handling = 0;
      this.failures = 0;
      this.options.onJoin?.(consumer, payload.memberAssignment, payload.memberId);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(consumer, payload));
    consumer.on(consumer.events.START_BATCH_PROCESS, () => {
      if (this.current === consumer) this.handling += 1;
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (this.current === consumer) this.handling = Math.max(0, this.handling - 1);
      this.options.onBatchEnd?.(payload);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await consumer.run(this.options.run());
  }

  private crashed(
    consumer: Consumer,
    crash: { error: Error; groupId: string; restart: boolean },
  ): void {
    if (this.current !== consumer || this.currentState === 'stopped') return;
    this.currentState = 'restarting';
    this.lastFailure = `${crash.error.name}: ${crash.error.message}`;
    const by = crash.restart ? 'kafkajs' : 'supervisor';
    consumerRestarts.inc({ consumer: this.options.name, group: crash.groupId, by });
    // Once per outage at warn (a broker restart crashes a consumer again at each attempt); the rest at debug.
    const fields = { consumer: this.options.name, err: crash.error, restartedBy: by };
    if (this.failures === 0)
      this.options.logger.warn(fields, 'Kafka consumer crashed; restarting it');
    else this.options.logger.debug(fields, 'Kafka consumer crashed again; restarting it');
    if (crash.restart) this.failures += 1;
    if (!crash.restart) this.scheduleRestart();
  }

  private stopped(): boolean {
    return this.currentState === 'stopped';
  }

  private scheduleRestart(): void {
    this.failures += 1;
    const delay = Math.min(restartDelayMs.max, restartDelayMs.first * 2 ** (this.failures - 1));
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      void (async () => {
        const old = this.current;
        this.current = undefined;
        await old?.disconnect().catch(() => undefined);
        if (this.stopped()) return;
        try {
          await this.startConsumer();
        } catch (error) {
          if (this.stopped()) return;
          this.lastFailure = error instanceof Error ? error.message : String(error);
          this.options.logger.debug(
            { consumer: this.options.name, err: error },
            'Kafka consumer did not start again; retrying',
          );
          this.scheduleRestart();
        }
      })();
    }, delay);
  }
}
