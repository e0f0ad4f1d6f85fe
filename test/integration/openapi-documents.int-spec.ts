import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBalanceApiConfig, loadPortalGatewayConfig, loadSupportConfig } from '@mp/config';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { balanceApiApp } from '../../apps/balance-api/src/balance-api.app';
import { portalGatewayApp } from '../../apps/portal-gateway/src/portal-gateway.app';
import { supportApp } from '../../apps/support/src/support.app';
import { repositoryRoot } from '../support/build-apps';
import { edgeFetch } from '../support/edge-client';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';

// contracts.md: every contract is listed in an OpenAPI document. Each HTTP app serves its own at /openapi.json
// without credentials, equal to the committed docs/openapi/<app>.json (`npm run docs:openapi`), and it lists every
// route the app's router has (a new route without its entry fails here).

jest.setTimeout(120_000);

const env = testEnvironment({
  ...isolatedEnvironment('openapi'),
  PORTAL_GATEWAY_PORT: '0',
  BALANCE_API_PORT: '0',
  BALANCE_API_HTTPS_PORT: '0',
  SUPPORT_PORT: '0',
  BALANCE_API_PROJECTOR_ENABLED: 'false',
  SUPPORT_INDEXER_ENABLED: 'false',
});
/** Routes every app has that its API document leaves out: health, metrics, the document itself. */
const PLATFORM = /^\/(health|metrics|openapi\.json)(\/|$)/;

let running: RunningApp[] = [];

beforeAll(async () => {
  running = await runApps([
    { definition: portalGatewayApp, config: loadPortalGatewayConfig(env) },
    { definition: supportApp, config: loadSupportConfig(env) },
    { definition: balanceApiApp, config: loadBalanceApiConfig(env) },
  ]);
});

afterAll(async () => {
  await stopApps(running);
});

const apps = [
  ['portal-gateway', 0],
  ['support', 1],
  ['balance-api', 2],
] as const;

describe.each(apps)('%s', (name, index) => {
  const committed = () =>
    JSON.parse(readFileSync(resolve(repositoryRoot, `docs/openapi/${name}.json`), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };

  it(`serves /openapi.json without credentials, equal to docs/openapi/${name}.json`, async () => {
    const response = await edgeFetch(`${running[index]!.url}/openapi.json`, { credential: {} });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(committed());
  });

  it('lists every route of its router', () => {
    const documented = new Set(
      Object.entries(committed().paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const routes = running[index]!.listeners.filter((listener) => listener.name === 'app')
      .flatMap((listener) => listener.routes)
      .filter((route) => route.method !== 'HEAD' && !PLATFORM.test(route.url))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    // GetBalance has a listener of its own (mutual TLS); its app listener serves only the platform routes.
    const missing = routes.filter((route) => !documented.has(route));

    expect(missing).toEqual([]);
  });
});
