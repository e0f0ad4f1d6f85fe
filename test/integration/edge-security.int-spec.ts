import { randomUUID } from 'node:crypto';
import { SIMULATOR_FUNCTION_REQUESTER_ID } from '@mp/config';
import type { HttpListener, RouteEntry } from '@mp/platform';
import { luhnCheckDigit } from '@mp/sim';
import {
  developmentCredentialFor,
  developmentTokens,
  type Credential,
} from '../support/edge-client';
import { PUBLIC_ROUTES, ROUTE_SAMPLES } from '../support/edge-route-samples';
import { edgeSystemSuite } from '../support/edge-system-fixture';
import { portalEvents } from '../support/portal-events';
import { postJson } from '../support/purchase-system';
import { runSupportCli } from '../support/support-cli';
import { waitFor } from '../support/wait-for';

// G12 at every edge of every app, on the whole system as `npm start` runs it (local defaults, development
// credentials): the routers' own tables, who may call each route, what a refused caller changes (nothing), who sent
// what was accepted, and what the logs never hold.
jest.setTimeout(180_000);

const suite = edgeSystemSuite();
const { context, gateway, call } = suite;

const NONE: Credential = {};
const UNKNOWN_TOKEN: Credential = { token: 'not-a-portal-token-0123456789' };
const WRONG_SUBJECT: Credential = { identity: 'smdp-client' };
const UNTRUSTED: Credential = { identity: 'rogue-client' };

interface Listed {
  readonly key: string;
  readonly listener: HttpListener;
  readonly route: RouteEntry;
}

/** Every route of every listener of every app, from the routers' own tables. */
const listed = (): Listed[] =>
  suite.system.running.flatMap((app) =>
    app.listeners.flatMap((listener) =>
      listener.routes.map((route) => ({
        key: `${app.name} ${listener.name} ${route.method} ${route.url}`,
        listener,
        route,
      })),
    ),
  );

describe('an unauthenticated or wrongly authenticated caller', () => {
  it('is refused with JSON 401/403 at the portal gateway and the adapter, and changes nothing', async () => {
    const { system, view, endOffsets, receipts, balances } = suite;
    const topics = [
      system.names.topics.portalEvents,
      system.names.topics.usage,
      system.names.topics.purchaseInputs,
    ];
    const untouched = `894402000000000001${luhnCheckDigit('894402000000000001')}`;
    const before = {
      offsets: await endOffsets(topics),
      receipts: await receipts(),
      pending: await view(context.pending.transactionId),
      completed: await balances(context.completed.iccid),
      untouched: await balances(untouched),
    };
    const credit = portalEvents.balanceAddition(`edges-credit-${randomUUID()}`, untouched);
    const drain = {
      eventId: randomUUID(),
      iccid: context.completed.iccid,
      location: 'US',
      usedMB: 1000,
      occurredAt: new Date().toISOString(),
    };
    // "Installed" for the purchase still waiting on its device: it would complete it and credit its balance.
    const installed = {
      header: {
        functionRequesterIdentifier: SIMULATOR_FUNCTION_REQUESTER_ID,
        functionCallIdentifier: randomUUID(),
      },
      iccid: `${context.pending.iccid}F`,
      profileType: 'standard',
      timestamp: '2026-01-01T00:00:00Z',
      notificationPointId: 4,
      notificationPointStatus: { status: 'Executed-Success' },
    };
    const notify = `${system.url('smdp-adapter')}/gsma/rsp2/es2plus/handleDownloadProgressInfo`;
    const each = (credentials: Credential[], url: string, body?: unknown) =>
      Promise.all(credentials.map((credential) => call(url, credential, body)));

    const answers = {
      credit: await each(
        [NONE, UNKNOWN_TOKEN, WRONG_SUBJECT, UNTRUSTED],
        gateway('/v1/portal-events'),
        credit,
      ),
      drain: await each([NONE, UNKNOWN_TOKEN, WRONG_SUBJECT], gateway('/v1/usage-events'), drain),
      read: await each(
        [NONE, UNKNOWN_TOKEN, WRONG_SUBJECT],
        gateway(`/v1/purchases/${context.pending.transactionId}`),
      ),
      forged: [
        await call(notify, NONE, installed),
        await call(notify, { identity: 'portal-client' }, installed),
        await call(
          notify,
          { identity: 'smdp-notification-client' },
          {
            ...installed,
            header: { ...installed.header, functionRequesterIdentifier: 'not-the-smdp' },
          },
        ),
      ],
    };

    const summary = Object.fromEntries(
      Object.entries(answers).map(([what, list]) => [
        what,
        list.map((answer) => `${answer.status} ${answer.code} ${answer.contentType}`),
      ]),
    );
    const json = 'application/json; charset=utf-8';
    expect(summary).toEqual({
      credit: [
        `401 UNAUTHORIZED ${json}`,
        `403 CREDENTIAL_REFUSED ${json}`,
        `403 CLIENT_CERTIFICATE_SUBJECT ${json}`,
        `403 CLIENT_CERTIFICATE_UNTRUSTED ${json}`,
      ],
      drain: [
        `401 UNAUTHORIZED ${json}`,
        `403 CREDENTIAL_REFUSED ${json}`,
        `403 CLIENT_CERTIFICATE_SUBJECT ${json}`,
      ],
      read: [
        `401 UNAUTHORIZED ${json}`,
        `403 CREDENTIAL_REFUSED ${json}`,
        `403 CLIENT_CERTIFICATE_SUBJECT ${json}`,
      ],
      forged: [
        `401 CLIENT_CERTIFICATE_REQUIRED ${json}`,
        `403 CLIENT_CERTIFICATE_UNTRUSTED ${json}`,
        `403 FUNCTION_REQUESTER_NOT_ALLOWED ${json}`,
      ],
    });
    for (const answer of answers.read)
      expect(answer.text).not.toContain(context.pending.matchingId);
    // A refusal answers before any handler runs, so nothing can still be on its way.
    expect(await endOffsets(topics)).toBe(before.offsets);
    expect(await receipts()).toBe(before.receipts);
    expect(await view(context.pending.transactionId)).toEqual(before.pending);
    expect(await balances(context.completed.iccid)).toEqual(before.completed);
    expect(await balances(untouched)).toEqual(before.untouched);
  });
});

describe('an accepted portal or usage event', () => {
  it('records which client sent it, and how, in its receipt and in the record it became', async () => {
    const byToken = portalEvents.failed(`edges-client-${randomUUID()}`);
    const byCertificate = {
      eventId: randomUUID(),
      iccid: context.completed.iccid,
      location: 'US',
      usedMB: 1,
      occurredAt: new Date().toISOString(),
    };

    expect((await postJson(gateway('/v1/portal-events'), byToken)).status).toBe(202);
    expect(
      (await postJson(gateway('/v1/usage-events'), byCertificate, { identity: 'portal-client' }))
        .status,
    ).toBe(202);

    const rows = await suite
      .gatewayDatabase()
      .query<{ event_id: string; client: string; client_credential: string }[]>(
        'SELECT event_id, client, client_credential FROM intake_receipt WHERE event_id = ANY($1) ORDER BY stream',
        [[byToken.eventId, byCertificate.eventId]],
      );
    expect(rows).toEqual([
      { event_id: byToken.eventId, client: 'portal-dev', client_credential: 'token' },
      { event_id: byCertificate.eventId, client: 'portal-dev', client_credential: 'certificate' },
    ]);
    const headersOf = (eventId: string) =>
      waitFor(
        () =>
          suite.recorder.records.find((record) => record.value?.toString().includes(eventId))
            ?.headers,
        { what: `the record of ${eventId}` },
      );
    expect(await headersOf(byToken.eventId)).toMatchObject({ 'mp-client': 'portal-dev' });
    expect(await headersOf(byCertificate.eventId)).toMatchObject({ 'mp-client': 'portal-dev' });
  });
});

describe('the routes of every app', () => {
  it('are public only for health, metrics, the OpenAPI document and static files; every other one is in the matrix', () => {
    const routes = listed();
    const publicUrls = routes
      .filter(({ route }) => 'public' in route.access)
      .map(({ route }) => route.url);
    const protectedKeys = routes
      .filter(({ route }) => 'requires' in route.access && route.method !== 'HEAD')
      .map(({ key }) => key);

    expect(new Set(suite.system.running.map((app) => app.name)).size).toBe(6);
    expect([...new Set(publicUrls)].filter((url) => !(url in PUBLIC_ROUTES))).toEqual([]);
    // A new route without a sample (or a sample whose route is gone) fails here.
    expect([...protectedKeys].sort()).toEqual([...ROUTE_SAMPLES.keys()].sort());
    for (const { key, route } of routes.filter(({ route }) => route.method === 'HEAD')) {
      expect(
        routes.some(
          (other) =>
            other.key === key.replace(' HEAD ', ' GET ') && other.route.access === route.access,
        ),
      ).toBe(true);
    }
  });

  it('answer public routes without a credential', async () => {
    const results = [];
    for (const { key, listener, route } of listed().filter(
      ({ route }) => 'public' in route.access,
    )) {
      const answer = await call(
        `${listener.url}${PUBLIC_ROUTES[route.url]}`,
        NONE,
        undefined,
        route.method,
      );
      results.push(`${key}: ${answer.status}`);
    }
    expect(results.filter((line) => !/: 2\d\d$/.test(line))).toEqual([]);
  });

  it('answer 401 without a credential, 403 with a wrong one and 2xx with a right one, everywhere else', async () => {
    const routes = listed();
    const results: string[] = [];
    for (const [key, sample] of ROUTE_SAMPLES) {
      const get = key.includes(' GET ');
      const variants = routes.filter(
        (entry) => entry.key === key || (get && entry.key === key.replace(' GET ', ' HEAD ')),
      );
      for (const { listener, route } of variants) {
        const url = `${listener.url}${sample.path(context)}`;
        const body = () => (sample.body ? sample.body(context) : undefined);
        const none = await call(url, NONE, body(), route.method);
        const wrong = await call(url, sample.wrong(), body(), route.method);
        const right = await call(
          url,
          sample.right?.() ?? developmentCredentialFor(url),
          body(),
          route.method,
        );
        const json =
          route.method === 'HEAD' ||
          (none.contentType?.includes('json') && wrong.contentType?.includes('json'));
        results.push(
          `${key.split(' ').slice(0, 2).join(' ')} ${route.method} ${route.url}: ` +
            `${none.status} ${wrong.status} ${right.status >= 200 && right.status < 300 ? '2xx' : `${right.status} ${right.text}`}` +
            (json ? '' : ' (not JSON)'),
        );
      }
    }
    expect(results.filter((line) => !line.endsWith(': 401 403 2xx'))).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(ROUTE_SAMPLES.size);
  });
});

describe('the logs of every app over purchases, refusals and the matrix', () => {
  it('hold no activation code, matchingId or token', () => {
    const text = suite.system.logs.join('\n');
    const secrets = [
      ...suite.activationSecrets,
      developmentTokens.portal(),
      developmentTokens.supportOperator(),
      developmentTokens.supportViewer(),
      developmentTokens.simulatorAdmin(),
      UNKNOWN_TOKEN.token!,
    ];

    // The capture is real: the purchases and the refusals are in it.
    expect(text).toContain(context.completed.transactionId);
    expect(text).toContain('download progress notification');
    expect(suite.activationSecrets.length).toBe(4);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});

describe('the support CLI', () => {
  it('works out of the box with the generated operator credential, and shows what operators did', async () => {
    const cli = (...args: string[]) =>
      runSupportCli(args, { SUPPORT_URL: suite.system.url('support') });

    // The matrix rebuilt the index last: wait for the purchase to be back.
    const history = await waitFor(
      async () => {
        const answer = await cli('history', context.completed.transactionId);
        return answer.status === 0 ? answer : undefined;
      },
      { timeoutMs: 30_000, what: 'the purchase history from the CLI' },
    );
    const actions = await cli('actions');

    expect(history.stdout).toContain(`${context.completed.transactionId}:`);
    expect(actions.status).toBe(0);
    expect(actions.stdout).toMatch(/support-operator\s+index-rebuild/);
    expect(actions.stdout).toMatch(
      new RegExp(`support-operator\\s+redrive\\s+${context.parked}\\s+auth matrix`),
    );
  });
});
