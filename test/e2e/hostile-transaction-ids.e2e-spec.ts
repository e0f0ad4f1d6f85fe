import { launcherEntry, repositoryRoot } from '../support/build-apps';
import { ChildUnderTest } from '../support/child-process';
import { edgeFetch, notificationUrl } from '../support/edge-client';
import { portalEvents } from '../support/portal-events';
import { getJson, postJson } from '../support/purchase-system';
import { isolatedEnvironment, testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// Issue 12 / G14: a transactionId is the portal's own string (1–64 characters). Names that mean something to an
// EventEmitter or to a plain object must be ordinary ids: under `npm start` all six apps share one process, and one
// `emitter.emit('error')` with no listener used to take every app down.

jest.setTimeout(180_000);

const HOSTILE_IDS = [
  'error',
  'newListener',
  'removeListener',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__lookupSetter__',
];

const PORTS = {
  PORTAL_GATEWAY_PORT: 13210,
  ORCHESTRATOR_PORT: 13211,
  SMDP_ADAPTER_PORT: 13212,
  SMDP_SIMULATOR_PORT: 13213,
  BALANCE_API_PORT: 13214,
  SUPPORT_PORT: 13215,
} as const;

describe('npm start with purchases whose transactionIds are EventEmitter and Object.prototype names', () => {
  const isolated = isolatedEnvironment('hostile');
  // Each run gets its own: the event log keeps purchases forever, and these ids would otherwise meet again.
  const suffix = isolated.KAFKA_NAMESPACE.slice(-6);
  const env = testEnvironment({
    ...isolated,
    ...Object.fromEntries(Object.entries(PORTS).map(([key, port]) => [key, String(port)])),
    SMDP_SIMULATOR_ES2_PORT: '13216',
    SMDP_ADAPTER_BASE_URL: 'https://127.0.0.1:13216',
    SMDP_SIMULATOR_NOTIFICATION_URL: notificationUrl(PORTS.SMDP_ADAPTER_PORT),
    BALANCE_API_HTTPS_PORT: '13217',
  });
  let launcher: ChildUnderTest;
  // The edges that face callers from outside serve HTTPS on their port (docs/security.md).
  const gateway = `https://127.0.0.1:${PORTS.PORTAL_GATEWAY_PORT}`;
  const httpsPorts: readonly number[] = [PORTS.PORTAL_GATEWAY_PORT, PORTS.SMDP_ADAPTER_PORT];

  beforeAll(async () => {
    launcher = new ChildUnderTest(launcherEntry, env, repositoryRoot);
    await launcher.waitForOutput(/Mobile Plans fulfillment is up/, 90_000);
  });

  afterAll(async () => {
    launcher?.kill('SIGTERM');
    await launcher?.exited;
  });

  it('takes every purchase, gives each its directive, and every app keeps serving', async () => {
    // The bare names, and the same names as the suffix of an id this run owns (a fresh namespace has no purchase
    // yet, so the bare ones are new here too).
    const ids = HOSTILE_IDS.flatMap((name) => [name, `${name}-${suffix}`]);
    for (const transactionId of ids) {
      const answer = await postJson(
        `${gateway}/v1/portal-events`,
        portalEvents.inline(transactionId),
      );
      expect({ transactionId, status: answer.status }).toEqual({ transactionId, status: 202 });
    }

    // Read without waiting, so that no long-poll is listening when each view's change is announced: that is
    // when an emitter keyed by transactionId would have thrown.
    for (const transactionId of ids) {
      const view = await waitFor(
        async () => {
          const read = await getJson(
            `${gateway}/v1/purchases/${encodeURIComponent(transactionId)}`,
          );
          return read.status === 200 && read.body.directive !== null ? read.body : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `the directive of ${transactionId}` },
      );
      expect(view).toMatchObject({
        transactionId,
        flow: 'inline',
        directive: { api: expect.any(String) as unknown },
      });
    }
    // A long-poll on each id still answers (its waiter is keyed by the id).
    const polled = await getJson(`${gateway}/v1/purchases/error?waitMs=200`);
    expect(polled.body).toMatchObject({ transactionId: 'error' });

    for (const port of Object.values(PORTS)) {
      const scheme = httpsPorts.includes(port) ? 'https' : 'http';
      const ready = await edgeFetch(`${scheme}://127.0.0.1:${port}/health/ready`);
      expect({ port, status: ready.status }).toEqual({ port, status: 200 });
    }
    expect(launcher.stderr).not.toMatch(/ERR_UNHANDLED_ERROR|Unhandled error/);
  });
});
