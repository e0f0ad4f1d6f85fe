// p99 of the support history and replay endpoints for a 50-event purchase with at least 1,000,000 events in the
// index, beside a bare node:http + pg server running the same history query, all in one invocation.
// Usage: npm run bench:support [seconds per run]   (needs the broker and PostgreSQL: npm run infra:up)
import autocannon from 'autocannon';
import { resolve } from 'node:path';
import type { Client } from 'pg';
import { decidePurchase } from '../apps/support/src/testing/decided-purchase';
import { effectRecord } from '../apps/support/src/testing/purchase-log.writer';
import { inputs, seedSettings } from '../libs/purchase-machine/src/testing/inputs.fixture';
import {
  databaseUrl,
  environment,
  startListening,
  supportSchemaClient,
} from './support-bench.fixture';

const DURATION_SECONDS = Number(process.argv[2] ?? 10);
/** One support user at a time, then a busy support floor. */
const CONCURRENCY = [1, 10] as const;
const PURCHASES = 20_000;
const EVENTS_PER_PURCHASE = 50;
const SCHEMA = 'bench_support';
const TOKEN = 'bench-support-token-0123456789';
const root = resolve(__dirname, '..');

/** A real 50-event purchase: the decider's own events (inline flow, then device reports after completion). */
function templatePurchase(transactionId: string) {
  const t = inputs(transactionId);
  const steps = [t.completed('inline'), t.reserved(), t.confirmed(), t.progress(3), t.progress(4)];
  const { decisions, history } = decidePurchase(steps, seedSettings);
  for (let round = 0; history.length < EVENTS_PER_PURCHASE; round += 1) {
    const more = decidePurchase(
      [
        ...steps,
        ...Array.from({ length: round + 1 }, (_, i) =>
          i % 2 === 0 ? t.activation('success') : t.registration('home'),
        ),
      ],
      seedSettings,
    );
    if (more.history.length >= EVENTS_PER_PURCHASE) return more;
  }
  return { decisions, history };
}

async function load(client: Client): Promise<void> {
  const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM support_event'))
    .rows as [{ count: number }];
  if (count >= PURCHASES * EVENTS_PER_PURCHASE) {
    console.log(`reusing ${count} indexed events in schema ${SCHEMA}`);
    return;
  }
  const started = Date.now();
  await client.query('TRUNCATE support_event, support_effect');
  const { decisions } = templatePurchase('bench-template');
  const events = decisions.flatMap((decided) => decided.events).slice(0, EVENTS_PER_PURCHASE);
  const effects = decisions.flatMap((decided) =>
    decided.effects.map((effect, index) => effectRecord(decided, effect, index)),
  );
  await client.query(
    'CREATE TEMP TABLE template_event (LIKE support_event) ON COMMIT PRESERVE ROWS',
  );
  await client.query(
    'CREATE TEMP TABLE template_effect (LIKE support_effect) ON COMMIT PRESERVE ROWS',
  );
  for (const [index, event] of events.entries()) {
    await client.query(
      `INSERT INTO template_event VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'mobileplans.purchase-events.v1', 0, $10, now())`,
      [
        event.metadata.transactionId,
        event.metadata.sequence,
        event.metadata.eventId,
        event.type,
        event.metadata.schemaVersion,
        event.metadata.occurredAt,
        event.metadata.causationId,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        index,
      ],
    );
  }
  for (const [index, record] of effects.entries()) {
    await client.query(
      `INSERT INTO template_effect VALUES ($1, $2, $3, $4, $5, $6, 'mobileplans.purchase-effects.v1', 0, $7)`,
      [
        record.effectId,
        record.transactionId,
        record.causationId,
        record.effect.type,
        JSON.stringify(record.effect),
        record.issuedAt,
        index,
      ],
    );
  }
  // One statement per table: PURCHASES copies of the template, each under its own transactionId.
  await client.query(
    `INSERT INTO support_event
     SELECT 'bench-' || g, sequence, replace(event_id, 'bench-template', 'bench-' || g), type, schema_version,
            occurred_at, replace(causation_id, 'bench-template', 'bench-' || g), data,
            jsonb_set(metadata, '{transactionId}', to_jsonb('bench-' || g)), topic, g % 6,
            kafka_offset + g * 100, recorded_at
       FROM template_event CROSS JOIN generate_series(1, $1) AS g`,
    [PURCHASES],
  );
  await client.query(
    `INSERT INTO support_effect
     SELECT replace(effect_id, 'bench-template', 'bench-' || g), 'bench-' || g,
            replace(causation_id, 'bench-template', 'bench-' || g), effect_type, effect, issued_at, topic, g % 6,
            kafka_offset + g * 100
       FROM template_effect CROSS JOIN generate_series(1, $1) AS g`,
    [PURCHASES],
  );
  await client.query('ANALYZE support_event');
  await client.query('ANALYZE support_effect');
  console.log(
    `loaded ${PURCHASES * events.length} events (${events.length} per purchase) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

interface Figures {
  readonly name: string;
  readonly connections: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(
  name: string,
  base: string,
  suffix: string,
  auth: boolean,
  connections: number,
): Promise<Figures> {
  const result = await autocannon({
    url: base,
    connections,
    duration: DURATION_SECONDS,
    headers: auth ? { authorization: `Bearer ${TOKEN}` } : {},
    requests: [
      {
        // A different purchase on every request: no single hot row.
        setupRequest: (request) => ({
          ...request,
          path: `/v1/support/transactions/bench-${1 + Math.floor(Math.random() * PURCHASES)}${suffix}`,
        }),
      },
    ],
  });
  return {
    name,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const client = await supportSchemaClient(SCHEMA);
  try {
    await load(client);
  } finally {
    await client.end();
  }
  const barePort = 13907;
  const appPort = 13905;
  const bare = await startListening(
    [
      resolve(root, 'node_modules/tsx/dist/cli.mjs'),
      'bench/support.bare-server.ts',
      String(barePort),
      databaseUrl,
      SCHEMA,
    ],
    {},
  );
  const app = await startListening([resolve(root, 'dist/apps/support/main.js')], {
    SUPPORT_PORT: String(appPort),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: SCHEMA,
    KAFKA_BROKERS: environment.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_NAMESPACE: 'bench-support',
    SUPPORT_INDEXER_ENABLED: 'false',
    SUPPORT_CREDENTIALS: `bench:${TOKEN}`,
  });
  try {
    const rows: Figures[] = [];
    for (const connections of CONCURRENCY) {
      const bareUrl = `http://127.0.0.1:${barePort}`;
      const appUrl = `http://127.0.0.1:${appPort}`;
      rows.push(
        await measure(
          'baseline: node:http + pg, history query',
          bareUrl,
          '/events',
          false,
          connections,
        ),
      );
      rows.push(await measure('ours: GET .../events', appUrl, '/events', true, connections));
      rows.push(await measure('ours: GET .../replay', appUrl, '/replay', true, connections));
    }
    console.log(
      `${EVENTS_PER_PURCHASE}-event purchases, ${PURCHASES * EVENTS_PER_PURCHASE} events indexed, ` +
        `${DURATION_SECONDS}s each, random purchase per request, node ${process.version}`,
    );
    console.log(
      'endpoint                                 conns   req/s    p50 ms   p99 ms   errors',
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(40)} ${String(row.connections).padStart(5)} ${String(row.requestsPerSecond).padStart(7)} ${String(row.p50).padStart(9)} ` +
          `${String(row.p99).padStart(8)} ${String(row.errors).padStart(8)}`,
      );
    }
  } finally {
    app.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
