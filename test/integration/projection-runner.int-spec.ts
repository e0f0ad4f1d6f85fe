import { AssignerProtocol, type Consumer, type Kafka, type PartitionAssigner } from 'kafkajs';
import { register } from 'prom-client';
import { z } from 'zod';
import type { RejectedRecord } from '@mp/contracts';
import type { DatabaseConfig } from '@mp/config';
import {
  createDataSource,
  migrateDatabase,
  NotificationListener,
  platformMigrations,
} from '@mp/database';
import { CheckpointedProjectionRunner, schemaRejection, type Projection } from '@mp/event-log';
import { createAppLogger } from '@mp/platform';
import { connectedAdmin, createTopicsSettled } from '../support/kafka-admin';
import { PrivatePostgres } from '../support/private-postgres';
import { testKafka } from '../support/purchase-system';
import { testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// The checkpointed projection runner (G6, G14) with a projection of its own: one table whose CHECK constraint lets a
// test make the database refuse a record. What the three projections of the apps rely on, shown once here.

jest.setTimeout(120_000);

const env = testEnvironment();
const kafka = testKafka(env);
const logger = createAppLogger({ appName: 'support', logLevel: 'silent' });
const itemSchema = z.object({ id: z.string().min(1), text: z.string() });
type Item = z.output<typeof itemSchema>;

/** A topic and a schema of their own, with the checkpoint table and the projection's table. */
async function world(url = env.DATABASE_URL!) {
  const name = uniqueName('runner').toLowerCase();
  const database: DatabaseConfig = { url, poolSize: 4, schema: name };
  await migrateDatabase(database, [platformMigrations]);
  const dataSource = await createDataSource(database, {
    applicationName: 'runner-test',
  }).initialize();
  await dataSource.query(
    'CREATE TABLE runner_item (id text PRIMARY KEY, text text NOT NULL CHECK (length(text) <= 10))',
  );
  const topic = `${name}.items`;
  const admin = await connectedAdmin(env);
  await createTopicsSettled(admin, { topics: [{ topic, numPartitions: 2 }] }).finally(() =>
    admin.disconnect(),
  );
  const producer = kafka.producer();
  await producer.connect();
  const write = async (partition: number, ...items: Item[]) => {
    for (const item of items) {
      await producer.send({
        topic,
        acks: -1,
        messages: [{ partition, key: item.id, value: JSON.stringify(item) }],
      });
    }
  };
  const applied: string[] = [];
  const rejected: RejectedRecord[] = [];
  const decoded: string[] = [];
  const runner = (options: { groupId?: string; gate?: () => Promise<void> } = {}) => {
    const projection: Projection<Item, string[]> = {
      name: 'runner-test',
      groupId: options.groupId ?? `${name}.group`,
      topics: [topic],
      decode: (json) => {
        const parsed = itemSchema.safeParse(json);
        if (parsed.success) decoded.push(parsed.data.id);
        return parsed.success
          ? { kind: 'apply', value: parsed.data }
          : {
              kind: 'reject',
              ...schemaRejection('INVALID_ITEM', parsed.error.issues, 'bad item', json),
            };
      },
      apply: async (manager, batch) => {
        await options.gate?.();
        for (const { value } of batch.records) {
          await manager.query(
            'INSERT INTO runner_item (id, text) VALUES ($1, $2) ON CONFLICT DO NOTHING',
            [value.id, value.text],
          );
        }
        return batch.records.map((record) => record.value.id);
      },
      afterCommit: (ids) => applied.push(...ids),
    };
    return new CheckpointedProjectionRunner({
      kafka,
      dataSource,
      logger,
      projection,
      rejections: (_manager, records) => {
        rejected.push(...records);
        return Promise.resolve();
      },
    });
  };
  const ids = async () =>
    (await dataSource.query<{ id: string }[]>('SELECT id FROM runner_item ORDER BY id')).map(
      (row) => row.id,
    );
  return {
    topic,
    dataSource,
    write,
    runner,
    applied,
    rejected,
    decoded,
    ids,
    close: async () => {
      await producer.disconnect();
      await dataSource.destroy().catch(() => undefined);
    },
  };
}

it('applies each partition in order, rejects alone the record the database refuses, and moves on', async () => {
  const w = await world();
  const runner = w.runner();
  try {
    await w.write(
      0,
      { id: 'a', text: 'fine' },
      { id: 'poison', text: 'far too long for it' },
      { id: 'b', text: 'fine' },
    );
    await w.write(1, { id: 'c', text: 'fine' });
    await runner.start();

    await waitFor(async () => ((await w.ids()).length === 3 ? true : undefined), {
      what: 'a, b and c applied',
    });
    expect(await w.ids()).toEqual(['a', 'b', 'c']);
    expect(w.rejected).toEqual([
      expect.objectContaining({
        rejectionId: `runner-test:${w.topic}:0:1`,
        code: 'APPLY_FAILED',
        reason: expect.stringMatching(
          /^the projection could not apply it: 23514: .*runner_item_text_check/,
        ) as unknown,
        source: { topic: w.topic, partition: 0, offset: '1', key: 'poison' },
      }),
    ]);
    const checkpoints = await w.dataSource.query<{ partition: number; next_offset: string }[]>(
      "SELECT partition, next_offset FROM projection_checkpoint WHERE projection = 'runner-test' ORDER BY partition",
    );
    expect(checkpoints).toEqual([
      { partition: 0, next_offset: '3' },
      { partition: 1, next_offset: '1' },
    ]);
    await waitFor(() => (runner.status().ready ? true : undefined), { what: 'ready' });
    expect(runner.status()).toEqual({ ready: true, state: 'live', lag: 0 });
  } finally {
    await runner.stop();
    await w.close();
  }
});

it("reads a partition's next batch while its last one commits, and applies them in order, ready only after both", async () => {
  const w = await world();
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runner = w.runner({ gate: () => gate });
  try {
    await w.write(0, { id: 'first', text: 'x' });
    await runner.start();
    await waitFor(() => (w.decoded.includes('first') ? true : undefined), { what: 'first read' });
    await w.write(0, { id: 'second', text: 'x' });

    // The first batch's transaction is held open: the second is fetched and read meanwhile (ADR 0034).
    await waitFor(() => (w.decoded.includes('second') ? true : undefined), {
      what: 'second read while the first commits',
    });
    expect(await w.ids()).toEqual([]);
    expect(runner.status()).toMatchObject({ ready: false, state: 'catchingUp' });

    release();
    await waitFor(() => (runner.status().ready ? true : undefined), { what: 'caught up' });
    expect(w.applied).toEqual(['first', 'second']);
    expect(await w.ids()).toEqual(['first', 'second']);
    expect(runner.position(w.topic, 0)).toBe(2n);
  } finally {
    release();
    await runner.stop();
    await w.close();
  }
});

it('is not ready, and reports its lag, until it has caught up with what the log held when it started', async () => {
  const w = await world();
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runner = w.runner({ gate: () => gate });
  const items = Array.from({ length: 12 }, (_, index) => ({ id: `i${index}`, text: 'x' }));
  try {
    await w.write(0, ...items);
    await runner.start();

    expect(runner.status()).toMatchObject({ ready: false, state: 'catchingUp', lag: 12 });
    const lag = await register.getSingleMetric('mobileplans_projection_lag_records')?.get();
    expect(lag?.values).toContainEqual(
      expect.objectContaining({
        value: 12,
        labels: expect.objectContaining({ topic: w.topic, partition: '0' }) as unknown,
      }),
    );

    release();
    await waitFor(() => (runner.status().ready ? true : undefined), { what: 'caught up' });
    expect(runner.status()).toEqual({ ready: true, state: 'live', lag: 0 });
    expect(await w.ids()).toHaveLength(12);
  } finally {
    release();
    await runner.stop();
    await w.close();
  }
});

describe('on a PostgreSQL of its own, stopped and started again', () => {
  let postgres: PrivatePostgres;
  beforeAll(async () => {
    postgres = await PrivatePostgres.create(uniqueName('runner-pg'));
  });
  afterAll(() => postgres?.destroy());

  it('waits out the outage by itself, unready meanwhile, and applies what came in during it; LISTEN comes back too', async () => {
    const w = await world(postgres.url);
    const runner = w.runner();
    const heard: string[] = [];
    const listener = new NotificationListener({
      url: postgres.url,
      channels: ['runner_test'],
      applicationName: 'runner-test:listen',
      logger,
      onNotification: (_channel, payload) => heard.push(payload),
    });
    try {
      await runner.start();
      await listener.start();
      await w.write(0, { id: 'before', text: 'x' });
      await waitFor(async () => ((await w.ids()).includes('before') ? true : undefined), {
        what: 'before applied',
      });

      postgres.stop();
      await w.write(0, { id: 'during', text: 'x' });
      await w.write(1, { id: 'during-too', text: 'x' });
      const stalled = await waitFor(
        () => (runner.status().state === 'stalled' ? runner.status() : undefined),
        {
          timeoutMs: 20_000,
          what: 'the runner to say it is stalled',
        },
      );
      expect(stalled).toMatchObject({
        ready: false,
        detail: expect.stringMatching(/^cannot apply: /) as unknown,
      });
      expect(listener.listening).toBe(false);

      postgres.start();
      await waitFor(async () => ((await w.ids()).length === 3 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'what came in during the outage applied',
      });
      expect(await w.ids()).toEqual(['before', 'during', 'during-too']);
      await waitFor(() => (runner.status().ready ? true : undefined), { what: 'ready again' });
      await waitFor(() => (listener.listening ? true : undefined), {
        timeoutMs: 15_000,
        what: 'listening again',
      });
      await w.dataSource.query("SELECT pg_notify('runner_test', 'after the restart')");
      await waitFor(() => (heard.includes('after the restart') ? true : undefined), {
        what: 'the notice heard',
      });
    } finally {
      await listener.stop();
      await runner.stop();
      await w.close();
    }
  });
});

it('starts its consumer again when kafkajs gives up on it (a crash it will not restart), unready meanwhile', async () => {
  const w = await world();
  const groupId = uniqueName('runner-crash');
  // A member of the group speaking another assignment protocol: every join of the runner's consumer fails with
  // INCONSISTENT_GROUP_PROTOCOL, which kafkajs does not retry.
  const blocker = await blockingMember(kafka, groupId, w.topic);
  const runner = w.runner({ groupId });
  try {
    await w.write(0, { id: 'waiting', text: 'x' });
    await runner.start();
    const crashed = await waitFor(
      () => (runner.status().state === 'restarting' ? runner.status() : undefined),
      {
        what: 'the crash reported',
      },
    );
    expect(crashed).toMatchObject({
      ready: false,
      detail: expect.stringMatching(/protocol/i) as unknown,
    });

    await blocker.disconnect();
    await waitFor(async () => ((await w.ids()).includes('waiting') ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the record applied once the consumer runs again',
    });
    await waitFor(() => (runner.status().ready ? true : undefined), { what: 'ready' });
    const restarts = await register.getSingleMetric('mobileplans_consumer_restarts_total')?.get();
    expect(restarts?.values).toContainEqual(
      expect.objectContaining({
        labels: { consumer: 'runner-test', group: groupId, by: 'supervisor' },
      }),
    );
  } finally {
    await blocker.disconnect().catch(() => undefined);
    await runner.stop();
    await w.close();
  }
});

async function blockingMember(client: Kafka, groupId: string, topic: string): Promise<Consumer> {
  const other: PartitionAssigner = () => ({
    name: 'OtherProtocol',
    version: 1,
    protocol: ({ topics }) => ({
      name: 'OtherProtocol',
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
    assign: ({ members }) =>
      Promise.resolve(
        members.map(({ memberId }) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 1,
            assignment: {},
            userData: Buffer.alloc(0),
          }),
        })),
      ),
  });
  const consumer = client.consumer({ groupId, partitionAssigners: [other] });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({ eachMessage: () => Promise.resolve() });
  return consumer;
}
