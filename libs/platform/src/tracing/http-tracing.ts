import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { traceContextFrom } from '@mp/event-log';

const QUIET_ROUTES = /^\/(health|metrics)(\/|\?|$)/;
const requestSpans = new WeakMap<FastifyRequest['raw'], Context>();

/**
 * A SERVER span per request (health probes and scrapes excepted), child of the caller's `traceparent` when it
 * sends a valid one. Started before authentication, so refused requests are traced too; ended with the answer.
 * The handler runs inside it through TraceContextInterceptor.
 */
export function installHttpTracing(fastify: FastifyInstance, tracer: Tracer): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!QUIET_ROUTES.test(request.url)) {
      const parent = traceContextFrom(request.headers);
      const span = tracer.startSpan(
        request.method,
        { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method } },
        parent,
      );
      requestSpans.set(request.raw, trace.setSpan(parent, span));
    }
    done();
  });
  const end = (request: FastifyRequest, statusCode: number | null) => {
    const span = spanOf(request);
    if (span === undefined) return;
    requestSpans.delete(request.raw);
    const route = request.routeOptions.url;
    if (route !== undefined) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    if (statusCode !== null) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    if (statusCode === null || statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    end(request, null);
    done();
  });
}

/** The context of the request's span (undefined for an untraced request). */
export function requestTraceContext(request: FastifyRequest): Context | undefined {
  return requestSpans.get(request.raw);
}

function spanOf(request: FastifyRequest): Span | undefined {
  const traced = requestSpans.get(request.raw);
  return traced === undefined ? undefined : trace.getSpan(traced);
}

/** Runs `work` inside the request's span, when it has one. */
export function inRequestSpan<T>(request: FastifyRequest, work: () => T): T {
  const traced = requestSpans.get(request.raw);
  return traced === undefined ? work() : context.with(traced, work);
}
