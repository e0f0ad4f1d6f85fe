import { Kafka, logLevel } from 'kafkajs';
import { loadSupportConfig } from '@mp/config';
import { kafkaNames, type KafkaNames } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { supportApp } from '../../../apps/support/src/support.app';
import {
  decidePurchase,
  type Decided,
  type PurchaseStep,
} from '../../../apps/support/src/testing/decided-purchase';
import {
  PurchaseLogWriter,
  type WrittenDecision,
} from '../../../apps/support/src/testing/purchase-log.writer';
import {
  ICCID_2,
  inputs,
  seedSettings,
} from '../../../libs/purchase-machine/src/testing/inputs.fixture';
import type {
  historyEventOf,
  purchaseSummaryOf,
  redriveOf,
  rejectedRecordOf,
} from '../../../apps/support/src/history/support-response.mapper';
import type { RedriveReceipt } from '../../../apps/support/src/redrive/redrive.service';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../test-environment';
import { waitFor } from '../wait-for';

/** alice is an operator; bob may only read. */
export const TOKEN = 'alice-support-token-0123456789';
export const READ_ONLY_TOKEN = 'bob-support-token-0123456789';

export type HistoryEvent = ReturnType<typeof historyEventOf>;
export type History = { transactionId: string; events: HistoryEvent[] };
export type Summary = ReturnType<typeof purchaseSummaryOf>;
export type Search = { purchases: Summary[] };
export type Detail = Summary & { redrives: ReturnType<typeof redriveOf>[] };
export type Rejected = { rejectedRecords: ReturnType<typeof rejectedRecordOf>[] };
export type ErrorBody = { error: { code: string; message: string; parameter?: string } };

export interface Purchase {
  readonly transactionId: string;
  readonly decisions: Decided[];
  readonly written: WrittenDecision[];
}

export interface SupportHistorySuite {
  readonly names: KafkaNames;
  readonly url: string;
  readonly kafka: Kafka;
  readonly writer: PurchaseLogWriter;
  /**
   * Written in `beforeAll`: `inline` (completed), `delayed` (waiting on its release timer) and `cancelled` (on
   * `inline`'s SIM, a day later, so that "newest first" has one answer).
   */
  readonly purchases: Record<string, Purchase>;
  get<T = ErrorBody>(
    path: string,
    token?: string | null,
  ): Promise<{ status: number; headers: Headers; body: T }>;
  post(
    path: string,
    body: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: Partial<RedriveReceipt> & Partial<ErrorBody> }>;
  /** Through the purchase machine's own `decide`, so that the index sees what the orchestrator would write. */
  run(name: string, build: (t: ReturnType<typeof inputs>) => PurchaseStep[]): Promise<Purchase>;
  /** The projector is asynchronous: polls until the history holds `count` events. */
  indexed(transactionId: string, count: number): Promise<History>;
  restart(): Promise<void>;
}

/**
 * The support API for a test file over an index built by the real projector from real Kafka records (ADR 0007),
 * on its own Kafka namespace and database schema; started in `beforeAll`, stopped in `afterAll`.
 */
export function supportHistorySuite(): SupportHistorySuite {
  const isolated = isolatedEnvironment('support');
  const env = testEnvironment({
    ...isolated,
    SUPPORT_PORT: '0',
    SUPPORT_CREDENTIALS: `alice:${TOKEN},bob:${READ_ONLY_TOKEN}`,
    SUPPORT_OPERATORS: 'alice',
  });
  const names = kafkaNames(isolated.KAFKA_NAMESPACE);
  const start = () => runApps([{ definition: supportApp, config: loadSupportConfig(env) }]);
  let running: RunningApp[] | undefined;
  let kafka: Kafka | undefined;
  let writer: PurchaseLogWriter | undefined;
  const purchases: Record<string, Purchase> = {};

  beforeAll(async () => {
    running = await start();
    kafka = new Kafka({
      clientId: 'support-int',
      brokers: env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    writer = new PurchaseLogWriter(kafka, names, uniqueName('support-int-writer'));
    await writer.connect();
    await writer.barrier('barrier');
    await suite.run('inline', (t) => [
      t.completed('inline'),
      t.reserved(),
      t.confirmed(),
      t.progress(3),
      t.progress(4),
    ]);
    await suite.run('delayed', (t) => [
      t.completed('delayedProfile'),
      t.reserved(ICCID_2),
      t.confirmed(),
    ]);
    // A day later than the others (the fixture's clock starts every purchase at the same instant).
    await suite.run('cancelled', (t) =>
      aDayLater([t.completed('inline'), t.cancelled(), t.reserved(), t.orderCancelled()]),
    );
  });

  afterAll(async () => {
    await writer?.disconnect();
    await stopApps(running ?? []);
  });

  const suite: SupportHistorySuite = {
    names,
    get url() {
      return started(running)[0]!.url;
    },
    get kafka() {
      return started(kafka);
    },
    get writer() {
      return started(writer);
    },
    purchases,
    get: async <T = ErrorBody>(path: string, token: string | null = TOKEN) => {
      const response = await fetch(`${suite.url}${path}`, {
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as T,
      };
    },
    post: async (path, body, token = TOKEN) => {
      const response = await fetch(`${suite.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as Partial<RedriveReceipt> & Partial<ErrorBody>,
      };
    },
    run: async (name, build) => {
      const transactionId = uniqueName(`tx-${name}`);
      const { decisions } = decidePurchase(build(inputs(transactionId)), seedSettings);
      const written: WrittenDecision[] = [];
      for (const decided of decisions) written.push(await suite.writer.write(decided));
      const purchase = { transactionId, decisions, written };
      purchases[name] = purchase;
      return purchase;
    },
    indexed: (transactionId, count) =>
      waitFor(
        async () => {
          const answer = await suite.get<History>(
            `/v1/support/transactions/${transactionId}/events`,
          );
          return answer.status === 200 && answer.body.events.length === count
            ? answer.body
            : undefined;
        },
        { timeoutMs: 20000, what: `${count} indexed events of ${transactionId}` },
      ),
    restart: async () => {
      await stopApps(started(running));
      running = await start();
    },
  };
  return suite;
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the support API is not running (beforeAll failed?)');
  return value;
}

const day = 24 * 60 * 60 * 1000;
const later = (at: string) => new Date(Date.parse(at) + day).toISOString();

function aDayLater(steps: PurchaseStep[]): PurchaseStep[] {
  const shift = (input: Record<string, unknown>) => {
    const event = input.event as Record<string, unknown> | undefined;
    return {
      ...input,
      at: later(input.at as string),
      ...(event ? { event: { ...event, occurredAt: later(event.occurredAt as string) } } : {}),
    };
  };
  return steps.map((step) =>
    typeof step === 'function'
      ? (context: unknown) => shift((step as (c: unknown) => Record<string, unknown>)(context))
      : shift(step as Record<string, unknown>),
  );
}
