import { randomUUID } from 'node:crypto';
import { SIMULATOR_FUNCTION_REQUESTER_ID } from '@mp/config';
import { portalEvents } from './portal-events';
import { developmentTokens, type Credential } from './edge-client';

/** What the samples need of the running system (made in the test's beforeAll). */
export interface SampleContext {
  /** A purchase that completed, and its profile. */
  readonly completed: { readonly transactionId: string; readonly iccid: string };
  /** A purchase waiting for the device; its profile is released. */
  readonly pending: {
    readonly transactionId: string;
    readonly matchingId: string;
    readonly iccid: string;
  };
  /** A purchase the support index shows as parked. */
  readonly parked: string;
}

/** A request that an authorized caller of the route gets a 2xx for, and the credentials to try it with. */
export interface RouteSample {
  readonly path: (context: SampleContext) => string;
  readonly body?: (context: SampleContext) => unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Who may call it (default: the development credential its path takes, edge-client.ts). */
  readonly right?: () => Credential;
  /** A credential the route refuses with 403. */
  readonly wrong: () => Credential;
}

const es2Headers = { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' };
const json = { 'content-type': 'application/json' };
const unknownToken = () => ({ token: `not-a-token-${randomUUID()}` });
const es2Call = (iccid: string) => ({
  header: { functionRequesterIdentifier: 'matrix', functionCallIdentifier: randomUUID() },
  iccid: `${iccid}F`,
});

/**
 * Public routes are these only: health, metrics, the OpenAPI document, and static files (the console's, the
 * portal-side script), each with a path to try it at.
 */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  '/health/live': '/health/live',
  '/health/ready': '/health/ready',
  '/health/smdp': '/health/smdp',
  '/metrics': '/metrics',
  '/openapi.json': '/openapi.json',
  '/console': '/console',
  '/console/assets/:name': '/console/assets/app.mjs',
  '/assets/:file': '/assets/mobile-plans-reports.js',
};

/**
 * One sample per protected route, keyed `app listener METHOD url` as the routers list them, in the order they are
 * tried (some change state: the device download completes `pending`, the pool reset drops every profile, the
 * index rebuild empties the index for a while).
 */
export const ROUTE_SAMPLES: ReadonlyMap<string, RouteSample> = new Map<string, RouteSample>([
  [
    'portal-gateway app GET /v1/purchases/:transactionId',
    {
      path: (c) => `/v1/purchases/${c.completed.transactionId}`,
      wrong: () => ({ identity: 'smdp-client' }),
    },
  ],
  [
    'portal-gateway app POST /v1/portal-events',
    {
      path: () => '/v1/portal-events',
      headers: json,
      body: () => portalEvents.failed(`matrix-${randomUUID()}`),
      wrong: unknownToken,
    },
  ],
  [
    'portal-gateway app POST /v1/usage-events',
    {
      path: () => '/v1/usage-events',
      headers: json,
      body: (c) => ({
        eventId: randomUUID(),
        iccid: c.completed.iccid,
        location: 'US',
        usedMB: 1,
        occurredAt: new Date().toISOString(),
      }),
      right: () => ({ identity: 'portal-client' }),
      wrong: () => ({ identity: 'rogue-client' }),
    },
  ],
  [
    'portal-gateway app POST /v1/balance-adjustments',
    {
      path: () => '/v1/balance-adjustments',
      headers: json,
      body: (c) => ({
        eventId: randomUUID(),
        kind: 'correctBalance',
        iccid: c.completed.iccid,
        locations: ['US'],
        deltaMB: 1,
        occurredAt: new Date().toISOString(),
      }),
      right: () => ({ identity: 'portal-client' }),
      wrong: () => ({ identity: 'rogue-client' }),
    },
  ],
  [
    'smdp-adapter app POST /gsma/rsp2/es2plus/handleDownloadProgressInfo',
    {
      path: () => '/gsma/rsp2/es2plus/handleDownloadProgressInfo',
      headers: es2Headers,
      body: (c) => ({
        header: {
          functionRequesterIdentifier: SIMULATOR_FUNCTION_REQUESTER_ID,
          functionCallIdentifier: randomUUID(),
        },
        iccid: `${c.completed.iccid}F`,
        profileType: 'standard',
        timestamp: '2026-01-01T00:00:00Z',
        notificationPointId: 3,
        notificationPointStatus: { status: 'Executed-Success' },
      }),
      wrong: () => ({ identity: 'portal-client' }),
    },
  ],
  ...['downloadOrder', 'confirmOrder', 'cancelOrder', 'releaseProfile'].map(
    (fn): [string, RouteSample] => [
      `smdp-simulator es2plus POST /gsma/rsp2/es2plus/${fn}`,
      {
        path: () => `/gsma/rsp2/es2plus/${fn}`,
        headers: es2Headers,
        body: (c) => es2Call(c.completed.iccid),
        wrong: () => ({ identity: 'rogue-client' }),
      },
    ],
  ),
  ['smdp-simulator app GET /simulator', { path: () => '/simulator', wrong: unknownToken }],
  [
    'smdp-simulator app GET /simulator/calls',
    { path: () => '/simulator/calls', wrong: unknownToken },
  ],
  [
    'smdp-simulator app DELETE /simulator/calls',
    { path: () => '/simulator/calls', wrong: unknownToken },
  ],
  [
    'smdp-simulator app GET /simulator/profiles',
    { path: () => '/simulator/profiles', wrong: unknownToken },
  ],
  [
    'smdp-simulator app GET /simulator/profiles/:iccid',
    { path: (c) => `/simulator/profiles/${c.completed.iccid}`, wrong: unknownToken },
  ],
  [
    'smdp-simulator app POST /simulator/device/downloads',
    {
      path: () => '/simulator/device/downloads',
      headers: json,
      body: (c) => ({ matchingId: c.pending.matchingId, outcome: 'installed' }),
      wrong: unknownToken,
    },
  ],
  [
    'smdp-simulator app POST /simulator/pool',
    { path: () => '/simulator/pool', headers: json, body: () => ({}), wrong: unknownToken },
  ],
  [
    'smdp-simulator app GET /simulator/faults',
    { path: () => '/simulator/faults', wrong: unknownToken },
  ],
  [
    'smdp-simulator app PUT /simulator/faults',
    {
      path: () => '/simulator/faults',
      headers: json,
      body: () => ({ rules: [] }),
      wrong: unknownToken,
    },
  ],
  [
    'smdp-simulator app POST /simulator/faults',
    {
      path: () => '/simulator/faults',
      headers: json,
      body: () => ({ kind: 'latency', ms: 0, times: 1 }),
      wrong: unknownToken,
    },
  ],
  [
    'smdp-simulator app DELETE /simulator/faults',
    { path: () => '/simulator/faults', wrong: unknownToken },
  ],
  [
    'balance-api get-balance GET /v1/sims/:simId/balances',
    {
      path: (c) => `/v1/sims/iccid:${c.completed.iccid}/balances`,
      wrong: () => ({ identity: 'rogue-client' }),
    },
  ],
  ['support app GET /v1/support/me', { path: () => '/v1/support/me', wrong: unknownToken }],
  [
    'support app GET /v1/support/transactions',
    { path: () => '/v1/support/transactions', wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/transactions/:transactionId',
    { path: (c) => `/v1/support/transactions/${c.completed.transactionId}`, wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/transactions/:transactionId/events',
    {
      path: (c) => `/v1/support/transactions/${c.completed.transactionId}/events`,
      wrong: unknownToken,
    },
  ],
  [
    'support app GET /v1/support/transactions/:transactionId/replay',
    {
      path: (c) => `/v1/support/transactions/${c.completed.transactionId}/replay`,
      wrong: unknownToken,
    },
  ],
  [
    'support app GET /v1/support/sims/:iccid/transactions',
    { path: (c) => `/v1/support/sims/${c.completed.iccid}/transactions`, wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/rejected-records',
    { path: () => '/v1/support/rejected-records', wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/machine',
    { path: () => '/v1/support/machine', wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/index/histories',
    { path: () => '/v1/support/index/histories?limit=1', wrong: unknownToken },
  ],
  [
    'support app GET /v1/support/operator-actions',
    { path: () => '/v1/support/operator-actions', wrong: unknownToken },
  ],
  [
    'support app POST /v1/support/transactions/:transactionId/redrive',
    {
      path: (c) => `/v1/support/transactions/${c.parked}/redrive`,
      headers: json,
      body: () => ({ reason: 'auth matrix' }),
      // A support user without the operator role.
      wrong: () => ({ token: developmentTokens.supportViewer() }),
    },
  ],
  [
    'support app POST /v1/support/index/rebuild',
    {
      path: () => '/v1/support/index/rebuild',
      headers: json,
      body: () => ({ reason: 'auth matrix' }),
      wrong: () => ({ token: developmentTokens.supportViewer() }),
    },
  ],
]);
