import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { AppConfig } from '@mp/config';

/** The instrumentation scope of every span the project writes itself (ADR 0024: explicit spans, no monkey-patching). */
export const TRACER_NAME = 'mobileplans-fulfillment';

export interface AppTracing {
  /** False: the tracer records nothing and trace headers are neither written nor read. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** Exports what is still buffered, then stops (the app's close). */
  shutdown(): Promise<void>;
}

const byConfig = new WeakMap<AppConfig, AppTracing>();
const off: AppTracing = {
  enabled: false,
  tracer: trace.getTracer(TRACER_NAME),
  shutdown: () => Promise.resolve(),
};

/**
 * One tracer provider per app, so that with every app in one process each span still names its own service. The
 * context manager and the W3C propagator are the process's (set once, by the first app that traces).
 */
export function startAppTracing(
  config: Pick<AppConfig, 'appName' | 'tracing'>,
  exporter?: SpanExporter,
): AppTracing {
  const settings = config.tracing;
  if (settings.exporter === null && exporter === undefined) return off;
  useProcessWideTraceContext();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.appName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter:
          exporter ??
          new OTLPTraceExporter({
            url: settings.exporter!.tracesUrl,
            headers: { ...settings.exporter!.headers },
            timeoutMillis: settings.exporter!.timeoutMs,
          }),
        scheduledDelayMillis: settings.exportDelayMs,
      }),
    ],
  });
  return {
    enabled: true,
    tracer: provider.getTracer(TRACER_NAME),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}

/** Remembers the app's tracing by its config object, for the providers its module builds (PlatformModule). */
export function registerAppTracing(config: AppConfig, tracing: AppTracing): void {
  byConfig.set(config, tracing);
}

/** The tracing started for this config, or the one that is off (a module built without startHttpApp). */
export function appTracingOf(config: AppConfig): AppTracing {
  return byConfig.get(config) ?? off;
}

let processWide = false;

function useProcessWideTraceContext(): void {
  if (processWide) return;
  processWide = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}
