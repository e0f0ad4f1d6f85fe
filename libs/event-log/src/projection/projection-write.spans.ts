import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { ConsumedRecord } from '../exactly-once/exactly-once.types';
import { kafkaRecordAttributes } from '../tracing/messaging-attributes';
import { traceContextFrom } from '../tracing/record-trace-context';

export interface WriteSpans {
  end(): void;
  fail(error: unknown): void;
}

const none: WriteSpans = { end: () => undefined, fail: () => undefined };

/**
 * A projection's write as seen from each record's trace: one span per record that arrived with a trace context,
 * child of it and as long as the transaction that applies it (a batch holds records of many purchases, so one span
 * per batch would belong to one trace only). Records without a trace context start no trace.
 */
export class ProjectionWriteSpans {
  private readonly tracer: Tracer;

  constructor(
    private readonly projection: string,
    tracer?: Tracer,
  ) {
    this.tracer = tracer ?? trace.getTracer('noop');
  }

  start(records: readonly ConsumedRecord[]): WriteSpans {
    const spans: Span[] = [];
    for (const record of records) {
      const parent = traceContextFrom(record.headers);
      if (trace.getSpanContext(parent) === undefined) continue;
      spans.push(
        this.tracer.startSpan(
          `projection ${this.projection} write`,
          {
            kind: SpanKind.CONSUMER,
            attributes: { ...kafkaRecordAttributes(record), 'mp.projection': this.projection },
          },
          parent,
        ),
      );
    }
    if (spans.length === 0) return none;
    return {
      end: () => spans.forEach((span) => span.end()),
      fail: (error) =>
        spans.forEach((span) => {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }),
    };
  }
}
