import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { Headers } from '../topics';

/**
 * W3C Trace Context in Kafka record headers (ADR 0024): the one place records get their `traceparent` and
 * `tracestate`, and the one place a consumer reads them. Both go through the process's propagator, which exists
 * only while tracing is on; off, nothing is written and nothing read. Header values come from whoever wrote the
 * record: they are bounded before parsing, a malformed one is ignored, and neither side ever throws.
 */

/** `00-<32 hex>-<16 hex>-<2 hex>` is 55 characters; later versions may append fields, so allow some room. */
export const MAX_TRACEPARENT_LENGTH = 256;
/** The W3C limit for tracestate (32 members, 512 characters are what a propagator must keep). */
export const MAX_TRACESTATE_LENGTH = 512;

const TRACE_HEADERS = [Headers.traceparent, Headers.tracestate] as const;
type TraceHeader = (typeof TRACE_HEADERS)[number];
const LIMITS: Readonly<Record<TraceHeader, number>> = {
  traceparent: MAX_TRACEPARENT_LENGTH,
  tracestate: MAX_TRACESTATE_LENGTH,
};

type Carrier = Map<string, string>;

const setter: TextMapSetter<Carrier> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key),
};

/** The trace headers of `from` (the active context by default): none when tracing is off or no span is active. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  try {
    const carrier: Carrier = new Map();
    propagation.inject(from, carrier, setter);
    for (const name of TRACE_HEADERS) {
      const value = carrier.get(name);
      if (value !== undefined && value.length <= LIMITS[name]) headers[name] = value;
    }
  } catch {
    // A propagator that fails leaves the record untraced, never unsent.
  }
  return headers;
}

/** The record's own headers with the active trace's added (an existing traceparent is replaced). */
export function withTraceHeaders(
  headers: Readonly<Record<string, string>> = {},
  from: Context = context.active(),
): Record<string, string> {
  return { ...headers, ...traceHeaders(from) };
}

/**
 * The context a record's work runs in: the remote span its `traceparent` names, on an empty context (never the
 * consumer's own). A missing, oversized or malformed header gives the empty context, so the work starts a trace.
 */
export function traceContextFrom(
  headers: Readonly<Record<string, string | Buffer | (string | Buffer)[] | undefined>> | undefined,
): Context {
  if (headers === undefined || headers === null) return ROOT_CONTEXT;
  try {
    const carrier: Carrier = new Map();
    for (const name of TRACE_HEADERS) {
      const value = firstText(
        Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined,
      );
      if (value !== undefined && value.length <= LIMITS[name]) carrier.set(name, value);
    }
    if (!carrier.has(Headers.traceparent)) return ROOT_CONTEXT;
    return propagation.extract(ROOT_CONTEXT, carrier, getter);
  } catch {
    return ROOT_CONTEXT;
  }
}

function firstText(value: string | Buffer | (string | Buffer)[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  if (typeof first === 'string') return first;
  if (!Buffer.isBuffer(first) || first.length > MAX_TRACESTATE_LENGTH) return undefined;
  return first.toString('latin1');
}
