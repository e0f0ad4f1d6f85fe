// What our HTTP stack (Nest 12 on Fastify, JSON logs, metrics, error filter) costs over a bare Node HTTP server.
// Both serve the same tiny JSON answer and take the same load in the same invocation, one after the other.
// Usage: npm run bench:http   (builds first; needs nothing else running)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';

const DURATION_SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 20;
const root = resolve(__dirname, '..');

interface Figures {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function load(name: string, url: string): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function bareServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ status: 'ok', info: {}, error: {}, details: {} }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}/health/live`, server };
}

async function ourApp(): Promise<{ url: string; stop: () => void }> {
  const port = 13903;
  // The SM-DP+ simulator needs neither Kafka nor PostgreSQL: it measures the HTTP stack alone.
  const child = spawn(process.execPath, [resolve(root, 'dist/apps/smdp-simulator/main.js')], {
    env: { PATH: process.env.PATH ?? '', SMDP_SIMULATOR_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && done());
    child.on('exit', (code) => fail(new Error(`the app exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/health/live`, stop: () => child.kill('SIGTERM') };
}

function print(rows: readonly Figures[]): void {
  console.log(
    `GET /health/live, ${CONNECTIONS} connections, ${DURATION_SECONDS}s each, node ${process.version}`,
  );
  console.log('server                     req/s    p50 ms   p99 ms   errors');
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(24)} ${String(row.requestsPerSecond).padStart(7)} ${String(row.p50).padStart(9)} ` +
        `${String(row.p99).padStart(8)} ${String(row.errors).padStart(8)}`,
    );
  }
  const [baseline, ours] = rows;
  if (baseline && ours) {
    console.log(
      `ours / baseline throughput: ${(ours.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}`,
    );
  }
}

async function main(): Promise<void> {
  const bare = await bareServer();
  const baseline = await load('baseline: bare node:http', bare.url);
  bare.server.close();
  const app = await ourApp();
  try {
    print([baseline, await load('ours: Nest + Fastify', app.url)]);
  } finally {
    app.stop();
  }
}

void main();
