import { randomBytes, randomUUID } from 'node:crypto';
import { edgeFetch } from '../support/edge-client';
import {
  startOtlpCollector,
  type CollectedSpan,
  type OtlpCollector,
} from '../support/otlp-collector';
import { portalEvents } from '../support/portal-events';
import { getJson } from '../support/purchase-system';
import { sendJson } from '../support/smdp-harness';
import { waitFor } from '../support/wait-for';
import { startWholeSystem, type WholeSystem } from '../support/whole-system';

// One inline purchase through every app (in this process, as `npm start` runs them) with tracing switched on by
// its public setting, OTEL_EXPORTER_OTLP_ENDPOINT, pointing at an OTLP/HTTP collector in the test (ADR 0024).
jest.setTimeout(120_000);

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('one trace per purchase, exported over OTLP', () => {
  let collector: OtlpCollector;
  let system: WholeSystem;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    system = await startWholeSystem({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // The adapter's info lines are what the trace ids in the logs are checked on.
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    await system?.stop();
    await collector?.close();
  });

  const gateway = (path: string) => `${system.url('portal-gateway')}${path}`;
  const ofTrace = (traceId: string) => collector.spans.filter((span) => span.traceId === traceId);
  const named = (spans: readonly CollectedSpan[], name: string) =>
    spans.filter((span) => span.name === name);
  const transactionOf = (span: CollectedSpan) => span.attributes.get('mp.transaction_id');
  /** What the collector holds, for a failure message. */
  const received = () =>
    collector.spans
      .map((s) => `${s.traceId.slice(0, 8)} ${s.service} ${s.name} ${String(transactionOf(s))}`)
      .join('\n');
  const collected = <T>(probe: () => T | undefined, what: string): Promise<T> =>
    waitFor(probe, { timeoutMs: 30_000, what }).catch((error: Error) => {
      throw new Error(`${error.message}; received:\n${received()}`);
    });

  // The portal backend traces its own work and sends its traceparent along: the purchase continues that trace.
  const portalTraceId = hex(16);
  const portalSpanId = hex(8);
  const traceparent = `00-${portalTraceId}-${portalSpanId}-01`;
  const transactionId = `traced-${randomUUID()}`;

  it('spans the gateway, every decision, the ES2+ calls, the directive and its read in one trace', async () => {
    const accepted = await edgeFetch(gateway('/v1/portal-events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify(portalEvents.inline(transactionId)),
    });
    expect(accepted.status).toBe(202);
    const read = await edgeFetch(gateway(`/v1/purchases/${transactionId}?waitMs=10000`), {
      headers: { traceparent },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { directive: unknown }).directive).not.toBeNull();

    const spans = await collected(() => {
      const found = ofTrace(portalTraceId);
      const complete =
        named(found, 'directive publish').length === 1 &&
        named(found, 'ES2+ confirmOrder').length === 1 &&
        named(found, 'purchase-view read').some(
          (s) => s.attributes.get('mp.view.directive') !== 'none',
        ) &&
        named(found, 'projection purchase-view write').length > 0;
      return complete ? found : undefined;
    }, 'the purchase trace at the collector');

    expect(collector.contentTypes).toContain('application/x-protobuf');
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentOf = (span: CollectedSpan) => byId.get(span.parentSpanId);

    // The gateway: the portal event's request, child of the portal's span.
    const [intake] = named(spans, 'POST /v1/portal-events');
    expect(intake).toMatchObject({
      service: 'portal-gateway',
      kind: SERVER,
      parentSpanId: portalSpanId,
    });
    expect(intake!.attributes.get('http.response.status_code')).toBe(202);
    expect(transactionOf(intake!)).toBe(transactionId);

    // The orchestrator: a span per decided input, the first one the portal record's.
    const decisions = named(spans, 'orchestrator decide');
    expect(decisions.length).toBeGreaterThanOrEqual(3);
    for (const decision of decisions) {
      expect(decision).toMatchObject({ service: 'orchestrator', kind: CONSUMER });
      expect(transactionOf(decision)).toBe(transactionId);
      expect(decision.attributes.get('mp.decision.outcome')).toBeDefined();
    }
    expect(decisions.some((decision) => parentOf(decision) === intake)).toBe(true);

    // The adapter: each ES2+ call under the effect it carries out, which follows the decision that asked for it.
    const calls = spans.filter((span) => span.name.startsWith('ES2+ '));
    expect(calls.map((call) => call.name).sort()).toEqual([
      'ES2+ confirmOrder',
      'ES2+ downloadOrder',
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({ service: 'smdp-adapter', kind: CLIENT });
      const effect = parentOf(call)!;
      expect(effect).toMatchObject({ name: 'smdp-adapter effect', kind: CONSUMER });
      expect(transactionOf(effect)).toBe(transactionId);
      expect(decisions).toContain(parentOf(effect));
      // The call's outcome went back as an input: decided in a span that follows from the call.
      expect(decisions.some((decision) => parentOf(decision) === effect)).toBe(true);
    }

    // The directive: published under its decision, projected into the view and read by the portal.
    const [directive] = named(spans, 'directive publish');
    expect(directive).toMatchObject({ service: 'orchestrator', kind: PRODUCER });
    expect(decisions).toContain(parentOf(directive!));
    for (const write of named(spans, 'projection purchase-view write')) {
      expect(write).toMatchObject({ service: 'portal-gateway', kind: CONSUMER });
      expect(decisions).toContain(parentOf(write));
    }
    const readSpan = named(spans, 'GET /v1/purchases/:transactionId')[0]!;
    expect(readSpan).toMatchObject({ service: 'portal-gateway', parentSpanId: portalSpanId });
    expect(
      named(spans, 'purchase-view read').filter((span) => parentOf(span) === readSpan).length,
    ).toBeGreaterThan(0);

    // One connected trace: every span but the two requests has its parent in it, and no span about this purchase
    // is anywhere else.
    for (const span of spans) {
      if (span === intake || span === readSpan) continue;
      expect(parentOf(span)).toBeDefined();
    }
    const elsewhere = collector.spans.filter(
      (span) => transactionOf(span) === transactionId && span.traceId !== portalTraceId,
    );
    expect(elsewhere).toEqual([]);

    // Log lines written inside a span name it.
    const traced = system.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.transactionId === transactionId && line.msg === 'ES2+ call succeeded');
    expect(traced).toHaveLength(2);
    for (const line of traced) {
      expect(line.traceId).toBe(portalTraceId);
      expect(calls.map((call) => parentOf(call)!.spanId)).toContain(line.spanId);
    }
  });

  it('traces the incoming handleDownloadProgressInfo and the decision it leads to', async () => {
    const { body } = await getJson(gateway(`/v1/purchases/${transactionId}`));
    const matchingId = (body.profile as { matchingId: string }).matchingId;
    const device = await sendJson(
      'POST',
      `${system.url('smdp-simulator')}/simulator/device/downloads`,
      { matchingId, outcome: 'installed' },
    );
    expect(device.status).toBe(201);

    const notification = await collected(
      () =>
        collector.spans.find(
          (span) =>
            span.name === 'POST /gsma/rsp2/es2plus/handleDownloadProgressInfo' &&
            span.service === 'smdp-adapter' &&
            collector.spans.some(
              (decision) =>
                decision.name === 'orchestrator decide' &&
                decision.parentSpanId === span.spanId &&
                transactionOf(decision) === transactionId,
            ),
        ),
      'the notification and its decision at the collector',
    );
    expect(notification).toMatchObject({ kind: SERVER, parentSpanId: '' });
    expect(notification.attributes.get('http.response.status_code')).toBe(204);
  });
});
