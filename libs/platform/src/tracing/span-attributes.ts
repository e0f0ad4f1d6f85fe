import { trace } from '@opentelemetry/api';

/** Span attributes of this project (names under `mp.`; OpenTelemetry's own names come from semantic-conventions). */
export const SpanAttributes = {
  transactionId: 'mp.transaction_id',
} as const;

/** Names the purchase the active span is about (no-op without an active recording span). */
export function tagActiveSpanTransaction(transactionId: string): void {
  trace.getActiveSpan()?.setAttribute(SpanAttributes.transactionId, transactionId.slice(0, 64));
}
