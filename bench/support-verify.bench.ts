// The fleet replay (`npm run support -- verify`, ADR 0018) over a production-sized event index: at least 100,000
// indexed purchases of every flow, each with its effect records, folded through the purchase machine by the CLI
// through the support API. Beside it, in the same run: the same pages read straight from PostgreSQL with pg (the
// floor of reading the index), and read through the API without folding (what the fold adds is the difference).
//   npm run bench:support-verify -- [--purchases 100000] [--runs 3] [--page-size 1000]
import { execFile, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Client } from 'pg';
import type { PurchaseEvent } from '@mp/contracts';
import { digest64, fold } from '@mp/purchase-machine';
import { HISTORY_PAGE } from '../apps/support/src/index/purchase-history.reader';
import { buildReplay } from '../apps/support/src/replay/replay.builder';
import type { FleetReport, HistoryPage } from '../apps/support/src/replay/fleet-verify';
import { decidePurchase, type PurchaseStep } from '../apps/support/src/testing/decided-purchase';
import { effectRecord } from '../apps/support/src/testing/purchase-log.writer';
import { ICCID, inputs, seedSettings } from '../libs/purchase-machine/src/testing/inputs.fixture';
import {
  databaseUrl,
  environment,
  startListening,
  supportSchemaClient,
} from './support-bench.fixture';

const options = new Command()
  .option('--purchases <n>', 'purchases in the index', '100000')
  .option('--runs <n>', 'measured runs', '3')
  .option('--page-size <n>', 'purchases per page', '1000')
  .parse()
  .opts<{ purchases: string; runs: string; pageSize: string }>();
const PURCHASES = Number(options.purchases);
const RUNS = Number(options.runs);
const PAGE_SIZE = Number(options.pageSize);
const SCHEMA = 'bench_verify';
const TOKEN = 'bench-verify-token-0123456789';
const root = resolve(__dirname, '..');

/** One purchase of each kind, decided by the real machine, as the orchestrator would have written them. */
const templates: Record<string, (t: ReturnType<typeof inputs>) => PurchaseStep[]> = {
  inline: (t) => [t.completed('inline'), t.reserved(), t.confirmed(), t.progress(3), t.progress(4)],
  delayed: (t) => [
    t.completed('delayedProfile'),
    t.reserved(),
    t.confirmed(),
    t.timerFired(),
    t.released(),
    t.progress(3),
    t.progress(4),
  ],
  async: (t) => [
    t.completed('asyncConnectivity'),
    t.reserved(),
    t.confirmed(),
    t.connectivity('provisioned'),
    t.progress(3),
    t.progress(4),
  ],
  balance: (t) => [t.completed('balanceAddition', { iccid: ICCID })],
  cancelled: (t) => [t.completed('inline'), t.cancelled(), t.reserved(), t.orderCancelled()],
  failed: (t) => [t.completed('inline'), t.smdpFailed('downloadOrder')],
};

async function load(client: Client): Promise<void> {
  const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM support_purchase'))
    .rows as [{ count: number }];
  if (count === PURCHASES) {
    console.log(`reusing ${count} indexed purchases in schema ${SCHEMA}`);
    return;
  }
  const started = Date.now();
  await client.query('TRUNCATE support_event, support_effect, support_purchase');
  await client.query(
    `CREATE TEMP TABLE template_event (LIKE support_event) ON COMMIT PRESERVE ROWS;
     CREATE TEMP TABLE template_effect (LIKE support_effect) ON COMMIT PRESERVE ROWS;
     CREATE TEMP TABLE template (no int, id text, digest text, flow text, state text, events int)`,
  );
  const names = Object.keys(templates);
  for (const [no, name] of names.entries()) {
    const id = `vfytemplate${no}x`;
    const { decisions, history } = decidePurchase(templates[name]!(inputs(id)), seedSettings);
    const effects = decisions.flatMap((decided) =>
      decided.effects.map((effect, index) => effectRecord(decided, effect, index)),
    );
    const located = (events: readonly PurchaseEvent[]) =>
      events.map((event, index) => ({
        event,
        kafka: { topic: 'mobileplans.purchase-events.v1', partition: 0, offset: String(index) },
      }));
    // A template that does not replay clean would make every copy a divergence: the bench measures clean ones.
    const replay = buildReplay(
      id,
      located(history),
      effects.map((record, index) => ({
        effectId: record.effectId,
        causationId: record.causationId,
        effect: record.effect,
        kafka: { topic: 'mobileplans.purchase-effects.v1', partition: 0, offset: String(index) },
      })),
    );
    if (replay.divergentSteps.length > 0) throw new Error(`template ${name} does not replay clean`);
    const snapshot = fold(history);
    await client.query('INSERT INTO template VALUES ($1, $2, $3, $4, $5, $6)', [
      no,
      id,
      digest64(id),
      name,
      String(snapshot.value),
      history.length,
    ]);
    for (const [index, event] of history.entries())
      await client.query(
        `INSERT INTO template_event VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
           'mobileplans.purchase-events.v1', 0, $10, now())`,
        [
          id,
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
    for (const [index, record] of effects.entries())
      await client.query(
        `INSERT INTO template_effect VALUES ($1, $2, $3, $4, $5, $6,
           'mobileplans.purchase-effects.v1', 0, $7)`,
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
  // Copies under their own transactionIds: the id and its digest (in the SM-DP+ call identifiers) replaced
  // everywhere, so each copy is exactly what the machine would have written for that id.
  const copies = Array.from({ length: PURCHASES }, (_, n) => `vfy-${names[n % names.length]}-${n}`);
  await client.query(
    `CREATE TEMP TABLE copy AS SELECT n, n % $3 AS no, id, digest
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(id, digest, n)`,
    [copies, copies.map((id) => digest64(id)), names.length],
  );
  const swap = (column: string) => `replace(replace(${column}, t.id, c.id), t.digest, c.digest)`;
  await client.query(`
    INSERT INTO support_event
    SELECT c.id, e.sequence, ${swap('e.event_id')}, e.type, e.schema_version, e.occurred_at,
           ${swap('e.causation_id')}, ${swap('e.data::text')}::jsonb, ${swap('e.metadata::text')}::jsonb,
           e.topic, c.n % 4, e.kafka_offset + c.n * 100, e.recorded_at
      FROM copy c JOIN template t USING (no) JOIN template_event e ON e.transaction_id = t.id`);
  await client.query(`
    INSERT INTO support_effect
    SELECT ${swap('f.effect_id')}, c.id, ${swap('f.causation_id')}, f.effect_type,
           ${swap('f.effect::text')}::jsonb, f.issued_at, f.topic, c.n % 4, f.kafka_offset + c.n * 100
      FROM copy c JOIN template t USING (no) JOIN template_effect f ON f.transaction_id = t.id`);
  await client.query(`
    INSERT INTO support_purchase (transaction_id, flow, state, event_count)
    SELECT c.id, t.flow, t.state, t.events FROM copy c JOIN template t USING (no)`);
  for (const table of ['support_event', 'support_effect', 'support_purchase'])
    await client.query(`ANALYZE ${table}`);
  const [{ events }] = (await client.query('SELECT count(*)::int AS events FROM support_event'))
    .rows as [{ events: number }];
  console.log(
    `loaded ${PURCHASES} purchases (${events} events, ${names.join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

function startSupport(port: number): Promise<ChildProcess> {
  return startListening(
    [resolve(root, 'dist/apps/support/main.js')],
    {
      SUPPORT_PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: SCHEMA,
      KAFKA_BROKERS: environment.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_NAMESPACE: 'bench-verify',
      SUPPORT_INDEXER_ENABLED: 'false',
      SUPPORT_CREDENTIALS: `bench:${TOKEN}`,
    },
    'support',
  );
}

/** Baseline: every page straight from PostgreSQL (the API's own query), rows received as text. */
async function readWithPg(client: Client): Promise<number> {
  const started = performance.now();
  let after = '';
  let purchases = 0;
  for (;;) {
    const { rows } = await client.query<{ transaction_id: string }>(HISTORY_PAGE, [
      after,
      PAGE_SIZE,
    ]);
    purchases += rows.length;
    if (rows.length < PAGE_SIZE) break;
    after = rows.at(-1)!.transaction_id;
  }
  if (purchases !== PURCHASES) throw new Error(`read ${purchases} purchases`);
  return (performance.now() - started) / 1000;
}

/** The pages through the support API, parsed, not folded. */
async function readWithApi(url: string): Promise<number> {
  const started = performance.now();
  let after: string | null = null;
  let purchases = 0;
  do {
    const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
    const response = await fetch(`${url}/v1/support/index/histories?limit=${PAGE_SIZE}${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const page = (await response.json()) as HistoryPage;
    purchases += page.purchases.length;
    after = page.next;
  } while (after !== null);
  if (purchases !== PURCHASES) throw new Error(`read ${purchases} purchases`);
  return (performance.now() - started) / 1000;
}

/** Ours: the command itself, as an operator runs it. */
function verify(url: string): Promise<FleetReport> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        'apps/support/src/cli/main.ts',
        'verify',
        '--json',
        '--page-size',
        String(PAGE_SIZE),
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH, SUPPORT_URL: url, SUPPORT_TOKEN: TOKEN },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`verify failed: ${stderr.slice(-2000)}`));
        done(JSON.parse(stdout) as FleetReport);
      },
    );
  });
}

async function main(): Promise<void> {
  const client = await supportSchemaClient(SCHEMA);
  const port = 13915;
  let app: ChildProcess | undefined;
  try {
    await load(client);
    app = await startSupport(port);
    const url = `http://127.0.0.1:${port}`;
    const rows: string[] = [];
    const rates: number[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const pg = await readWithPg(client);
      const api = await readWithApi(url);
      const report = await verify(url);
      if (report.divergences.length > 0)
        throw new Error(`${report.divergences.length} purchases diverged: the bench data is wrong`);
      const rate = report.purchases / report.seconds;
      rates.push(rate);
      rows.push(
        `${String(run).padStart(3)} ${String(report.purchases).padStart(10)} ${String(report.events).padStart(9)}` +
          `${(PURCHASES / pg).toFixed(0).padStart(13)}${(PURCHASES / api).toFixed(0).padStart(13)}` +
          `${rate.toFixed(0).padStart(13)}${report.seconds.toFixed(1).padStart(11)}${(rate / (PURCHASES / pg)).toFixed(2).padStart(8)}`,
      );
    }
    console.log(
      `\nFleet replay over ${PURCHASES} indexed purchases, pages of ${PAGE_SIZE}, node ${process.version} (purchases/s)`,
    );
    console.log(
      'run  purchases    events  pg pages/s*  API pages/s*     verify/s  verify s   ratio',
    );
    for (const row of rows) console.log(row);
    console.log(
      '* purchases per second read: straight from PostgreSQL (baseline), through the API without folding;' +
        ' ratio = verify / baseline',
    );
    console.log(
      `verify: ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} purchases/s over ${RUNS} runs`,
    );
  } finally {
    app?.kill('SIGTERM');
    await client.end();
  }
}

void main();
