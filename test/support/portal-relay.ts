import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getJson, postJson } from './purchase-system';

export interface PortalRelay {
  readonly url: string;
  /** What the relay forwarded to the gateway, and the gateway's answers. */
  readonly forwarded: { body: Record<string, unknown>; status: number }[];
  close(): Promise<void>;
}

const stubFile = join(__dirname, 'mobile-plans-app/mobile-plans-app.stub.js');

/**
 * A stand-in for an operator's portal (docs/adr/0013): it serves a purchase page to the browser, with a session
 * cookie for that purchase, and relays the page's app reports to the gateway's POST /v1/portal-events after checking
 * that the session owns the purchase. It reaches the gateway only through the helpers of purchase-system.ts, where
 * the portal's credential is added.
 */
export async function startPortalRelay(
  gatewayUrl: string,
  scriptVersion: string,
): Promise<PortalRelay> {
  const sessions = new Map<string, string>();
  const forwarded: PortalRelay['forwarded'] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const session = /(?:^|; )session=([\w-]+)/.exec(request.headers.cookie ?? '')?.[1];
    const owned = session === undefined ? undefined : sessions.get(session);
    if (request.method === 'GET' && url.pathname === '/purchase') {
      const transactionId = url.searchParams.get('transactionId') ?? '';
      const id = randomUUID();
      sessions.set(id, transactionId);
      response.setHeader('set-cookie', `session=${id}; Path=/; HttpOnly; SameSite=Strict`);
      return send(
        response,
        200,
        'text/html; charset=utf-8',
        page(gatewayUrl, scriptVersion, transactionId),
      );
    }
    if (request.method === 'GET' && url.pathname === '/app-stub.js') {
      return send(response, 200, 'text/javascript; charset=utf-8', readFileSync(stubFile));
    }
    if (request.method === 'GET' && url.pathname === '/api/purchase' && owned !== undefined) {
      const view = await getJson(
        `${gatewayUrl}/v1/purchases/${encodeURIComponent(owned)}?waitMs=10000`,
      );
      return send(response, view.status, 'application/json', JSON.stringify(view.body));
    }
    if (request.method === 'POST' && url.pathname === '/app-reports') {
      const body = JSON.parse(await text(request)) as Record<string, unknown>;
      if (owned === undefined || body.transactionId !== owned) {
        return send(response, 403, 'application/json', '{"error":{"code":"NOT_YOUR_PURCHASE"}}');
      }
      const answer = await postJson(`${gatewayUrl}/v1/portal-events`, body);
      forwarded.push({ body, status: answer.status });
      return send(response, answer.status, 'application/json', JSON.stringify(answer.body));
    }
    return send(response, 404, 'text/plain', 'not found');
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, 'text/plain', String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The portal's purchase page: the app's objects (stubbed), the portal-side script from the gateway, the directive run. */
function page(gatewayUrl: string, scriptVersion: string, transactionId: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Portal purchase</title>
<script src="/app-stub.js"></script>
<script>window.MobilePlansAppStub = installMobilePlansStub(window);</script>
<script src="${gatewayUrl}/assets/mobile-plans-reports-${scriptVersion}.js"></script>
</head><body><p id="status">loading</p>
<script>
MobilePlansReports.configure({ endpoint: '/app-reports', transactionId: ${JSON.stringify(transactionId)}, retryDelayMs: 50 });
fetch('/api/purchase', { credentials: 'same-origin' })
  .then(function (response) { return response.json(); })
  .then(function (view) {
    MobilePlansReports.run(view.directive);
    document.getElementById('status').textContent = 'directive run';
  })
  .catch(function (error) { document.getElementById('status').textContent = 'failed: ' + error; });
</script></body></html>`;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

function text(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
