// The baseline of bench/support.bench.ts: a bare node:http server running the very query the history endpoint
// runs (raw pg, same index) and answering the rows as JSON: what the HTTP stack, the mapping, the auth and the
// replay's fold add on top of PostgreSQL is the difference.
import { createServer } from 'node:http';
import { Pool } from 'pg';

const [, , portText, databaseUrl, schema] = process.argv;
const pool = new Pool({
  connectionString: databaseUrl,
  max: 10,
  options: `-c search_path="${schema}"`,
});

const server = createServer((request, response) => {
  const transactionId = decodeURIComponent(request.url?.split('/')[4] ?? '');
  pool
    .query(
      `SELECT type, data, metadata, schema_version, topic, partition, kafka_offset, recorded_at
         FROM support_event WHERE transaction_id = $1 ORDER BY sequence`,
      [transactionId],
    )
    .then(({ rows }) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ transactionId, events: rows }));
    })
    .catch((error: Error) => {
      response.writeHead(500);
      response.end(error.message);
    });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(portText), '127.0.0.1', () =>
  process.stdout.write(`listening on http://127.0.0.1:${portText}\n`),
);
