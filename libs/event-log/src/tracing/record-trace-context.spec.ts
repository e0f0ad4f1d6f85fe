import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type SpanContext,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import {
  MAX_TRACEPARENT_LENGTH,
  traceContextFrom,
  traceHeaders,
  withTraceHeaders,
} from './record-trace-context';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

const remoteSpan = (headers: Parameters<typeof traceContextFrom>[0]): SpanContext | undefined =>
  trace.getSpanContext(traceContextFrom(headers));

describe('trace headers on Kafka records', () => {
  describe('while tracing is off (no propagator set)', () => {
    it('writes no trace header, even inside a span context', () => {
      const active = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: TraceFlags.SAMPLED,
      });
      expect(traceHeaders(active)).toEqual({});
      expect(withTraceHeaders({ 'mp-client': 'portal' }, active)).toEqual({
        'mp-client': 'portal',
      });
    });

    it('reads no trace context from a valid traceparent', () => {
      expect(remoteSpan({ traceparent: VALID })).toBeUndefined();
    });
  });

  describe('while tracing is on', () => {
    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    });
    afterAll(() => {
      propagation.disable();
      context.disable();
    });

    it("injects the active span's traceparent and extracts it on the other side", () => {
      const active = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: TraceFlags.SAMPLED,
      });
      const headers = context.with(active, () => withTraceHeaders({ 'mp-client': 'portal' }));
      expect(headers).toEqual({ 'mp-client': 'portal', traceparent: VALID });
      expect(remoteSpan(headers)).toMatchObject({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        isRemote: true,
      });
    });

    it('writes nothing without an active span', () => {
      expect(traceHeaders()).toEqual({});
    });

    it('reads a later version with more fields when it is within the bound', () => {
      expect(remoteSpan({ traceparent: `01-${TRACE_ID}-${SPAN_ID}-01-future` })?.spanId).toBe(
        SPAN_ID,
      );
    });

    it('reads kafkajs header values (Buffers, arrays) as well as strings', () => {
      expect(remoteSpan({ traceparent: Buffer.from(VALID) })?.spanId).toBe(SPAN_ID);
      expect(remoteSpan({ traceparent: [Buffer.from(VALID), 'ignored'] })?.spanId).toBe(SPAN_ID);
    });

    it.each([
      ['missing', {}],
      ['empty', { traceparent: '' }],
      ['not hex', { traceparent: `00-${'z'.repeat(32)}-${SPAN_ID}-01` }],
      ['all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${SPAN_ID}-01` }],
      ['all-zero span id', { traceparent: `00-${TRACE_ID}-${'0'.repeat(16)}-01` }],
      ['version ff', { traceparent: `ff-${TRACE_ID}-${SPAN_ID}-01` }],
      ['truncated', { traceparent: VALID.slice(0, 40) }],
      [
        'oversized (a later version, valid but for its length)',
        { traceparent: `01-${TRACE_ID}-${SPAN_ID}-01-${'a'.repeat(MAX_TRACEPARENT_LENGTH)}` },
      ],
      ['oversized buffer', { traceparent: Buffer.alloc(1024 * 1024, 0x61) }],
      ['empty array', { traceparent: [] }],
      ['control characters', { traceparent: `${VALID}\r\nx-injected: 1` }],
    ])('ignores a %s traceparent (the work starts a trace of its own)', (_what, headers) => {
      const extracted = traceContextFrom(headers);
      expect(trace.getSpanContext(extracted)).toBeUndefined();
    });

    it('keeps a valid traceparent but drops an oversized tracestate', () => {
      const extracted = remoteSpan({ traceparent: VALID, tracestate: `a=${'b'.repeat(4096)}` });
      expect(extracted?.spanId).toBe(SPAN_ID);
      expect(extracted?.traceState).toBeUndefined();
    });

    it('ignores prototype names and undefined headers', () => {
      const headers = JSON.parse(
        '{"__proto__": {"traceparent": "x"}, "constructor": "y"}',
      ) as Record<string, string>;
      expect(remoteSpan(headers)).toBeUndefined();
      expect(remoteSpan(undefined)).toBeUndefined();
    });

    it('never throws, whatever the header values', () => {
      const value = fc.oneof(
        fc.string({ maxLength: 600 }),
        fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
        fc.constant(undefined),
      );
      fc.assert(
        fc.property(value, value, (traceparent, tracestate) => {
          const extracted = traceContextFrom({ traceparent, tracestate });
          const span = trace.getSpanContext(extracted);
          if (span !== undefined) expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
