// GetBalance under load (issue 6): requests per second and p50/p99/p99.9 with 10,000 SIMs in the projection and 64
// connections, over mTLS and plain HTTP, beside a bare Node HTTPS server with the same TLS setup, measured in the
// same run; then Microsoft's load profile scaled 100× (1,000 ICCIDs at 300 requests per second).
// autocannon runs in this process; the servers run in their own processes.
//   npm run bench:get-balance -- [--duration 10] [--profile-minutes 10] [--connections 64] [--sims 10000]
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { Kafka, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import type { PurchaseEvent } from '@mp/contracts';
import { DEFAULT_DATABASE_URL, DEFAULT_KAFKA_BROKERS } from '@mp/config';
import { Headers, RecordKinds, kafkaNames } from '@mp/event-log';
import { decide } from '@mp/purchase-machine';
import { freePort } from '../test/support/free-port';
import { luhnDigit } from './get-balance.luhn';

const options = new Command()
  .option('--duration <seconds>', 'each throughput run', '10')
  .option(
    '--profile-minutes <minutes>',
    "Microsoft's profile ×100 (their test runs 60 minutes at 3 req/s)",
    '10',
  )
  .option('--connections <n>', 'throughput runs', '64')
  .option('--sims <n>', 'SIMs in the projection', '10000')
  .parse()
  .opts<{ duration: string; profileMinutes: string; connections: string; sims: string }>();

const root = resolve(__dirname, '..');
const certs = resolve(root, '.local/certs');
const DURATION = Number(options.duration);
const CONNECTIONS = Number(options.connections);
const SIMS = Number(options.sims);
const PROFILE_SECONDS = Math.round(Number(options.profileMinutes) * 60);
const id = randomUUID().replace(/-/g, '').slice(0, 10);
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  LOG_LEVEL: 'warn',
  KAFKA_NAMESPACE: `bench-${id}`,
  DATABASE_SCHEMA: `bench_${id}`,
  // The benchmark measures capacity: one client, far above the production rate limit.
  BALANCE_API_RATE_LIMIT_PER_SECOND: '10000000',
  BALANCE_API_RATE_LIMIT_BURST: '10000000',
  BALANCE_API_CACHE_MAX_ENTRIES: String(SIMS * 2),
};
const iccids = Array.from({ length: SIMS }, (_, index) => {
  const body = `8988247${String(index).padStart(11, '0')}`;
  return body + luhnDigit(body);
});
const tlsOptions = {
  cert: readFileSync(resolve(certs, 'microsoft-client.crt')),
  key: readFileSync(resolve(certs, 'microsoft-client.key')),
  ca: readFileSync(resolve(certs, 'operator-ca.crt')),
};

interface Figures {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Starts a server process and resolves once it listens. With `logFile`, its stdout (the JSON logs, access lines
 * included) goes to that file, as a log collector would take it, instead of through this process.
 */
function start(
  entry: string[],
  extra: Record<string, string>,
  logFile?: string,
): Promise<ChildProcess> {
  const out = logFile === undefined ? 'pipe' : openSync(logFile, 'w');
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: { ...env, ...extra },
    stdio: ['ignore', out, 'inherit'],
  });
  return new Promise((done, fail) => {
    child.stdout?.on(
      'data',
      (chunk: Buffer) => chunk.toString().includes('listening on') && done(child),
    );
    if (logFile !== undefined) {
      const poll = setInterval(() => {
        if (readFileSync(logFile, 'utf8').includes('listening on')) {
          clearInterval(poll);
          done(child);
        }
      }, 200);
      child.on('exit', () => clearInterval(poll));
    }
    child.on('exit', (code) => fail(new Error(`${entry.join(' ')} exited with ${code}`)));
  });
}

function accessLines(logFile: string): number {
  const text = readFileSync(logFile);
  let lines = 0;
  for (
    let at = text.indexOf('"GetBalance request"');
    at >= 0;
    at = text.indexOf('"GetBalance request"', at + 1)
  )
    lines += 1;
  return lines;
}

async function seed(): Promise<void> {
  const producer = new Kafka({ clientId: 'bench', brokers: [DEFAULT_KAFKA_BROKERS] }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const topic = kafkaNames(env.KAFKA_NAMESPACE ?? '').topics.purchaseEvents;
  const at = new Date().toISOString();
  for (let start = 0; start < iccids.length; start += 500) {
    const events = iccids
      .slice(start, start + 500)
      .flatMap((iccid, index) => history(`bench-${start + index}`, iccid, at));
    await producer.send({
      topic,
      messages: events.map((event) => ({
        key: event.metadata.transactionId,
        value: JSON.stringify(event),
        headers: { [Headers.recordKind]: RecordKinds.event },
      })),
    });
  }
  await producer.disconnect();
}

function history(transactionId: string, iccid: string, at: string): readonly PurchaseEvent[] {
  const decision = decide(
    [],
    {
      id: `${transactionId}-1`,
      at,
      transactionId,
      kind: 'portalEvent',
      event: {
        eventId: `${transactionId}-1`,
        transactionId,
        occurredAt: at,
        type: 'PurchaseCompleted',
        flow: 'balanceAddition',
        iccid,
        purchaseMetadata: {
          userAccount: 'Existing',
          purchaseInstrument: 'Existing',
          line: 'Existing',
          moDirectStatus: 'Complete',
          planName: '5GB',
        },
        plan: {
          planId: 'p5',
          balanceType: 'MODIRECTPAYG',
          dataMB: 5120,
          validity: 'P30D',
          locations: ['US'],
        },
      },
    },
    { defaultProfileType: 'bench' },
  );
  return decision.events;
}

async function projected(sql: Client): Promise<void> {
  const started = Date.now();
  for (;;) {
    const result = await sql
      .query<{ count: string }>(`SELECT count(*) FROM "${env.DATABASE_SCHEMA}".sim_balance`)
      .catch(() => ({ rows: [{ count: '0' }] }));
    const count = Number(result.rows[0]?.count ?? 0);
    if (count >= SIMS) {
      console.log(
        `projection holds ${count} SIMs (projected in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      return;
    }
    if (Date.now() - started > 600_000) throw new Error(`projection stuck at ${count} SIMs`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

function load(
  name: string,
  url: string,
  settings: {
    duration: number;
    connections: number;
    overallRate?: number;
    sims?: number;
    /** Stop after this many requests instead of after `duration`. */
    amount?: number;
  },
): Promise<autocannon.Result> {
  const pool = iccids.slice(0, settings.sims ?? iccids.length);
  let counter = 0;
  return autocannon({
    url,
    connections: settings.connections,
    duration: settings.duration,
    ...(settings.amount ? { amount: settings.amount } : {}),
    ...(settings.overallRate ? { overallRate: settings.overallRate } : {}),
    tlsOptions,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          counter += 1;
          return {
            ...request,
            path: `/v1/sims/iccid:${pool[counter % pool.length]}/balances?fieldsTemplate=basic&location=US`,
            headers: { 'X-MS-DM-TransactionId': `MSFT-${id}-${name}-${counter}` },
          };
        },
      },
    ],
  });
}

const figures = (name: string, result: autocannon.Result): Figures => ({
  name,
  // Total over elapsed time: a run of a fixed amount of requests ends part-way through its last second.
  rps: Math.round(result.requests.total / result.duration),
  p50: result.latency.p50,
  p99: result.latency.p99,
  p999: (result.latency as unknown as Record<string, number>).p99_9 ?? NaN,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
});

function print(rows: readonly Figures[]): void {
  console.log(
    `\nGET /v1/sims/{id}/balances, ${SIMS} SIMs, ${CONNECTIONS} connections, ${DURATION}s each, keep-alive, node ${process.version}`,
  );
  console.log(
    'server                               req/s   p50 ms   p99 ms p99.9 ms   non-2xx   errors',
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(34)} ${String(row.rps).padStart(7)} ${String(row.p50).padStart(8)} ${String(row.p99).padStart(8)} ` +
        `${String(row.p999).padStart(8)} ${String(row.non2xx).padStart(9)} ${String(row.errors).padStart(8)}`,
    );
  }
}

async function main(): Promise<void> {
  const sql = new Client({ connectionString: DEFAULT_DATABASE_URL });
  await sql.connect();
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  try {
    // Free ports chosen now: other benchmarks and test runs share this machine.
    const [mtlsPort, mtlsAdminPort, plainPort, plainSparePort, barePort] = await Promise.all(
      Array.from({ length: 5 }, freePort),
    );
    mkdirSync(resolve(root, '.local/bench'), { recursive: true });
    const mtlsLog = resolve(root, `.local/bench/get-balance-${id}.log`);
    const plainLog = resolve(root, `.local/bench/get-balance-${id}-plain.log`);
    logs.push(mtlsLog, plainLog);
    // At info level: every request writes its access log line, as in production.
    children.push(
      await start(
        ['dist/apps/balance-api/main.js'],
        {
          LOG_LEVEL: 'info',
          BALANCE_API_PORT: String(mtlsAdminPort),
          BALANCE_API_HTTPS_PORT: String(mtlsPort),
        },
        mtlsLog,
      ),
    );
    await seed();
    await projected(sql);
    children.push(
      await start(
        ['dist/apps/balance-api/main.js'],
        {
          LOG_LEVEL: 'info',
          BALANCE_API_PORT: String(plainPort),
          BALANCE_API_HTTPS_PORT: String(plainSparePort),
          BALANCE_API_INSECURE_PLAIN_HTTP: 'true',
          BALANCE_API_PROJECTOR_ENABLED: 'false',
        },
        plainLog,
      ),
    );
    children.push(
      await start(
        [
          resolve(root, 'node_modules/tsx/dist/cli.mjs'),
          'bench/get-balance.bare-server.ts',
          String(barePort),
        ],
        {},
      ),
    );
    const mtls = `https://127.0.0.1:${mtlsPort}`;
    const plain = `http://127.0.0.1:${plainPort}`;
    const bare = `https://127.0.0.1:${barePort}`;
    // Cold: each SIM asked once, so every read misses the read cache and goes to PostgreSQL. The pass fills the
    // cache; the 3 s warm-up after it (not reported) is for the JIT and the bare server.
    const cold = (name: string, url: string) =>
      load(name, url, { duration: DURATION, connections: CONNECTIONS, amount: SIMS });
    const coldRows = [
      figures("ours: mTLS, each SIM's first read", await cold('cold-mtls', mtls)),
      figures("ours: plain, each SIM's first read", await cold('cold-plain', plain)),
    ];
    for (const url of [mtls, plain, bare])
      await load('warmup', url, { duration: 3, connections: CONNECTIONS });
    const rows = [
      figures(
        'baseline: bare node:https + mTLS',
        await load('bare', bare, { duration: DURATION, connections: CONNECTIONS }),
      ),
      figures(
        'ours: GetBalance over mTLS',
        await load('mtls', mtls, { duration: DURATION, connections: CONNECTIONS }),
      ),
      figures(
        'ours: GetBalance over plain HTTP',
        await load('plain', plain, { duration: DURATION, connections: CONNECTIONS }),
      ),
    ];
    print([...rows, ...coldRows]);
    const [baseline, ours] = rows;
    if (baseline && ours)
      console.log(`ours (mTLS) / baseline throughput: ${(ours.rps / baseline.rps).toFixed(2)}`);
    console.log(`access log lines written by the mTLS instance: ${accessLines(mtlsLog)}`);

    if (PROFILE_SECONDS > 0) {
      console.log(
        `\nMicrosoft's load profile ×100: 1,000 ICCIDs at 300 req/s over mTLS, 25 connections, ${PROFILE_SECONDS} s`,
      );
      const profile = await load('profile', mtls, {
        duration: PROFILE_SECONDS,
        connections: 25,
        overallRate: 300,
        sims: 1000,
      });
      const total = profile.requests.total + profile.errors + profile.timeouts;
      console.log(
        `requests ${total}, 2xx ${profile['2xx']}, success ${((100 * profile['2xx']) / total).toFixed(3)} %, ` +
          `mean latency ${profile.latency.mean} ms, p99 ${profile.latency.p99} ms, max ${profile.latency.max} ms`,
      );
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    for (const log of logs) rmSync(log, { force: true });
    await sql
      .query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`)
      .catch(() => undefined);
    await sql.end();
    const admin = new Kafka({ clientId: 'bench', brokers: [DEFAULT_KAFKA_BROKERS] }).admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) =>
      topic.startsWith(`${env.KAFKA_NAMESPACE}.`),
    );
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

void main();
