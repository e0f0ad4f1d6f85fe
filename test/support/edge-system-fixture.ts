import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@mp/platform';
import { PurchaseLogWriter } from '../../apps/support/src/testing/purchase-log.writer';
import { edgeFetch, type Credential } from './edge-client';
import type { SampleContext } from './edge-route-samples';
import { portalEvents } from './portal-events';
import { getJson, postJson, testKafka } from './purchase-system';
import { uniqueName } from './test-environment';
import { TopicRecorder } from './topic-recorder';
import { waitFor } from './wait-for';
import { startWholeSystem, type WholeSystem } from './whole-system';

export interface View {
  status: string;
  profile: { iccid: string; matchingId: string | null; activationCode: string | null } | null;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly contentType: string | null;
  /** `error.code` of a JSON error body. */
  readonly code: string | undefined;
}

export interface EdgeSystemSuite {
  readonly system: WholeSystem;
  /** Everything on the portal-events and usage topics, read from the start. */
  readonly recorder: TopicRecorder;
  readonly context: SampleContext;
  /** The activation codes and matchingIds handed out so far. */
  readonly activationSecrets: readonly string[];
  gateway(path: string): string;
  view(transactionId: string): Promise<View>;
  call(url: string, credential: Credential, body?: unknown, method?: string): Promise<Answer>;
  endOffsets(topics: readonly string[]): Promise<string>;
  receipts(): Promise<string>;
  gatewayDatabase(): DataSource;
  balances(iccid: string): Promise<unknown>;
}

/**
 * The whole system for a test file, with what its edges are tried on, made in `beforeAll`: a completed purchase,
 * one waiting for the device (its profile released), and one the support index shows as parked.
 */
export function edgeSystemSuite(): EdgeSystemSuite {
  let system: WholeSystem | undefined;
  let recorder: TopicRecorder | undefined;
  const context = {} as { -readonly [K in keyof SampleContext]: SampleContext[K] };
  const activationSecrets: string[] = [];

  const started = () => {
    if (system === undefined) throw new Error('the system is not running (beforeAll failed?)');
    return system;
  };
  const gateway = (path: string) => `${started().url('portal-gateway')}${path}`;
  const view = async (transactionId: string) =>
    (await getJson(gateway(`/v1/purchases/${transactionId}`))).body as unknown as View;
  const viewWhen = (transactionId: string, accept: (v: View) => boolean, what: string) =>
    waitFor(
      async () => {
        const current = await view(transactionId);
        return accept(current) ? current : undefined;
      },
      { timeoutMs: 30_000, what },
    );

  async function purchase(): Promise<View & { transactionId: string }> {
    const transactionId = `edges-${randomUUID()}`;
    const accepted = await postJson(
      gateway('/v1/portal-events'),
      portalEvents.inline(transactionId),
    );
    if (accepted.status !== 202) throw new Error(`portal event answered ${accepted.status}`);
    const current = await viewWhen(
      transactionId,
      (v) => v.profile?.matchingId != null,
      'a directive',
    );
    activationSecrets.push(current.profile!.matchingId!, current.profile!.activationCode!);
    return { ...current, transactionId };
  }

  async function park(kafkaSystem: WholeSystem): Promise<string> {
    // Parked before any of its events (its first input failed), as the orchestrator records it.
    const transactionId = `edges-parked-${randomUUID()}`;
    const writer = new PurchaseLogWriter(
      testKafka(kafkaSystem.env),
      kafkaSystem.names,
      uniqueName('edges-writer'),
    );
    await writer.connect();
    await writer.parking({
      kind: 'parked',
      transactionId,
      sequence: 1,
      at: new Date().toISOString(),
      error: { code: 'HANDLER_FAILED', message: 'test' },
      attempts: 3,
      input: {
        source: {
          topic: kafkaSystem.names.topics.purchaseInputs,
          partition: 0,
          offset: '0',
          key: transactionId,
        },
        value: '{}',
      },
    });
    await writer.disconnect();
    await waitFor(
      async () => {
        const { body } = await getJson(
          `${kafkaSystem.url('support')}/v1/support/transactions/${transactionId}`,
        );
        return body.parked ? true : undefined;
      },
      { timeoutMs: 20_000, what: 'the parked purchase in the support index' },
    );
    return transactionId;
  }

  beforeAll(async () => {
    // Debug: the log check sees everything the apps can write.
    system = await startWholeSystem({ LOG_LEVEL: 'debug' });
    recorder = new TopicRecorder(testKafka(system.env), [
      system.names.topics.portalEvents,
      system.names.topics.usage,
    ]);
    await recorder.start();
    const completed = await purchase();
    const download = await postJson(`${system.url('smdp-simulator')}/simulator/device/downloads`, {
      matchingId: completed.profile!.matchingId,
      outcome: 'installed',
    });
    if (download.status !== 201) throw new Error(`device download answered ${download.status}`);
    await viewWhen(completed.transactionId, (v) => v.status === 'completed', 'completed');
    context.completed = { transactionId: completed.transactionId, iccid: completed.profile!.iccid };
    const pending = await purchase();
    context.pending = {
      transactionId: pending.transactionId,
      matchingId: pending.profile!.matchingId!,
      iccid: pending.profile!.iccid,
    };
    context.parked = await park(system);
  });

  afterAll(async () => {
    await recorder?.stop();
    await system?.stop();
  });

  const gatewayDatabase = () =>
    started().app('portal-gateway').app.get<symbol, DataSource>(DATA_SOURCE);

  return {
    get system() {
      return started();
    },
    get recorder() {
      if (recorder === undefined) throw new Error('not recording (beforeAll failed?)');
      return recorder;
    },
    context,
    activationSecrets,
    gateway,
    view,
    call: async (url, credential, body, method = body === undefined ? 'GET' : 'POST') => {
      const response = await edgeFetch(url, {
        method,
        credential,
        headers: {
          'x-admin-protocol': 'gsma/rsp/v2.5.0',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      return {
        status: response.status,
        text,
        contentType: response.headers.get('content-type'),
        code,
      };
    },
    endOffsets: async (topics) => {
      const admin = testKafka(started().env).admin();
      await admin.connect();
      try {
        const ends = await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
        return JSON.stringify(ends.map((partitions) => partitions.map((p) => p.high)));
      } finally {
        await admin.disconnect();
      }
    },
    receipts: async () =>
      (
        await gatewayDatabase().query<{ count: string }[]>('SELECT count(*) FROM intake_receipt')
      )[0]!.count,
    gatewayDatabase,
    balances: async (iccid) => {
      const answer = await edgeFetch(
        `${started().url('balance-api', 'get-balance')}/v1/sims/iccid:${iccid}/balances`,
      );
      const { balances } = (await answer.json()) as { balances: Record<string, unknown>[] };
      // timeRemaining counts down with the clock; what a caller could change is the rest.
      return balances.map(({ timeRemaining: _, ...balance }) => balance);
    },
  };
}
