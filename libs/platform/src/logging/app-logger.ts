import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '@mp/config';
import { LogContext } from './log-context';

export type AppLogger = Logger;

/** Never let credentials reach the logs, wherever they appear. */
const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.password',
  '*.secret',
  '*.token',
];

/**
 * One pino logger per app (not one per process): with every app in one process, each line still says which app
 * wrote it. Every line carries the fields of the current LogContext (transactionId wherever one is known).
 */
export function createAppLogger(
  config: Pick<AppConfig, 'appName' | 'logLevel'>,
  destination?: DestinationStream,
): AppLogger {
  const options = {
    level: config.logLevel,
    base: { app: config.appName },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...LogContext.current(), ...traceFields() }),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The active span's ids (ADR 0024), so that a line leads to its trace; nothing while tracing is off. */
function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  if (span === undefined || !isSpanContextValid(span)) return {};
  return { traceId: span.traceId, spanId: span.spanId };
}
