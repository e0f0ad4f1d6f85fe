import { z } from 'zod';
import { ConfigValidationError } from '../config-validation.error';

/**
 * Traces over OTLP/HTTP (protobuf), off unless an OTLP endpoint is configured (ADR 0024). The names are
 * OpenTelemetry's own environment variables, read here once and typed: SDK 3.x no longer reads them itself.
 */
export interface TracingConfig {
  /** null: tracing is off (no spans are recorded, no trace headers are written or read). */
  readonly exporter: {
    /** The full URL spans are posted to (`<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces` unless set on its own). */
    readonly tracesUrl: string;
    /** Extra request headers (a collector's credentials): never logged. */
    readonly headers: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
  } | null;
  /** Fraction of new traces that are recorded (a trace that arrives sampled stays sampled). */
  readonly sampleRatio: number;
  /** How long finished spans wait to be exported together. */
  readonly exportDelayMs: number;
}

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((text) => (text === undefined || text === '' ? null : text))
  .refine((text) => text === null || isHttpUrl(text), 'must be an http:// or https:// URL');

export const tracingShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_HEADERS: z.string().max(8192).optional(),
  OTEL_EXPORTER_OTLP_TIMEOUT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .positive('must be greater than 0')
    .default(10000),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ error: 'must be a number' })
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(1),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .positive('must be greater than 0')
    .default(5000),
};

type TracingEnv = z.output<z.ZodObject<typeof tracingShape>>;

export function toTracing(env: TracingEnv): TracingConfig {
  const tracesUrl =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT === null
      ? null
      : `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  return {
    exporter:
      tracesUrl === null
        ? null
        : {
            tracesUrl,
            headers: otlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
            timeoutMs: env.OTEL_EXPORTER_OTLP_TIMEOUT,
          },
    sampleRatio: env.OTEL_TRACES_SAMPLER_ARG,
    exportDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}

/** `name=value,name=value` with URL-encoded values, as the OpenTelemetry specification writes them. */
function otlpHeaders(text: string | undefined): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  if (text === undefined || text.trim() === '') return headers;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const name = at < 0 ? '' : pair.slice(0, at).trim().toLowerCase();
    let value: string | undefined;
    try {
      value = at < 0 ? undefined : decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      value = undefined;
    }
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name) || value === undefined || /[\r\n]/.test(value)) {
      throw new ConfigValidationError([
        {
          key: 'OTEL_EXPORTER_OTLP_HEADERS',
          message: 'must be name=value pairs separated by commas',
        },
      ]);
    }
    headers[name] = value;
  }
  return headers;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
