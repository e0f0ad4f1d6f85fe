// The baseline of bench/get-balance.bench.ts: a bare Node HTTPS server with GetBalance's TLS setup (server
// certificate, client certificate requested and checked against the Microsoft CA) answering a fixed body.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { resolve } from 'node:path';

const certs = resolve(__dirname, '../.local/certs');
const port = Number(process.argv[2] ?? 13906);
const body = JSON.stringify({
  balances: [
    {
      id: 'b-0000000000000000',
      type: 'MODIRECTPAYG',
      dataRemainingInMB: 1024,
      timeRemaining: 'P29DT23H',
    },
  ],
});

const server = createServer(
  {
    cert: readFileSync(resolve(certs, 'balance-api.crt')),
    key: readFileSync(resolve(certs, 'balance-api.key')),
    ca: readFileSync(resolve(certs, 'microsoft-ca.crt')),
    requestCert: true,
    rejectUnauthorized: false,
  },
  (request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-dm-transactionid': String(request.headers['x-ms-dm-transactionid'] ?? ''),
    });
    response.end(body);
  },
);
server.keepAliveTimeout = 72_000;
server.listen(port, '127.0.0.1', () =>
  process.stdout.write(`listening on https://127.0.0.1:${port}\n`),
);
