import { resolve } from 'node:path';
import { z } from 'zod';
import { boolean, positiveInt } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** Settings of the ES2+ client towards the SM-DP+ (mobile-plans.md section 14, docs/adr/0008). */
export interface SmdpAdapterSettings {
  /** `https://host:port`; functions are called at `{baseUrl}/gsma/rsp2/es2plus/{function}`. */
  readonly baseUrl: string;
  readonly functionRequesterIdentifier: string;
  /** Filled into a ConfirmOrder result whose answer lacks `smdpAddress` (the activation code's host, D22). */
  readonly smdpAddress: string;
  /** null: no client certificate and the system CAs (mTLS off). */
  readonly tls: {
    readonly clientCertPath: string;
    readonly clientKeyPath: string;
    /** The only CA the SM-DP+'s server certificate may chain to (pinned). */
    readonly smdpCaPath: string;
  } | null;
  readonly requestTimeoutMs: number;
  /** Attempts per ES2+ call (the first included) or elapsed time; then the outcome is `unavailable`. */
  readonly retry: {
    readonly maxAttempts: number;
    readonly maxElapsedMs: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
  };
  readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
}

const filePath = (fallback: string) =>
  z
    .string()
    .trim()
    .min(1)
    .default(fallback)
    // Relative paths are read from the working directory: the repository root for every npm script.
    .transform((path) => resolve(process.cwd(), path));

export const loadSmdpAdapterConfig = defineAppConfig({
  appName: 'smdp-adapter',
  portKey: 'SMDP_ADAPTER_PORT',
  defaultPort: 3002,
  kafka: true,
  database: false,
  own: {
    shape: {
      SMDP_ADAPTER_BASE_URL: z
        .string()
        .default('https://127.0.0.1:3443')
        .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
          message: 'must be an http(s) URL',
        })
        .transform((text) => text.replace(/\/+$/, '')),
      SMDP_ADAPTER_FUNCTION_REQUESTER_ID: z
        .string()
        .trim()
        .min(1)
        .max(256)
        .default('mobileplans-operator'),
      SMDP_ADAPTER_SMDP_ADDRESS: z
        .string()
        .regex(/^[^\s$]{1,255}$/, 'must be a host name without spaces or $')
        .default('localhost'),
      SMDP_ADAPTER_MTLS: boolean(true),
      SMDP_ADAPTER_CLIENT_CERT: filePath('.local/certs/smdp-client.crt'),
      SMDP_ADAPTER_CLIENT_KEY: filePath('.local/certs/smdp-client.key'),
      SMDP_ADAPTER_SMDP_CA: filePath('.local/certs/smdp-ca.crt'),
      SMDP_ADAPTER_REQUEST_TIMEOUT_MS: positiveInt(5000),
      SMDP_ADAPTER_RETRY_MAX_ATTEMPTS: positiveInt(6),
      SMDP_ADAPTER_RETRY_MAX_ELAPSED_MS: positiveInt(60_000),
      SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS: positiveInt(250),
      SMDP_ADAPTER_RETRY_MAX_DELAY_MS: positiveInt(4000),
      SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES: positiveInt(5),
      SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS: positiveInt(10_000),
    },
    map: (env): { smdpAdapter: SmdpAdapterSettings } => ({
      smdpAdapter: {
        baseUrl: env.SMDP_ADAPTER_BASE_URL,
        functionRequesterIdentifier: env.SMDP_ADAPTER_FUNCTION_REQUESTER_ID,
        smdpAddress: env.SMDP_ADAPTER_SMDP_ADDRESS,
        tls: env.SMDP_ADAPTER_MTLS
          ? {
              clientCertPath: env.SMDP_ADAPTER_CLIENT_CERT,
              clientKeyPath: env.SMDP_ADAPTER_CLIENT_KEY,
              smdpCaPath: env.SMDP_ADAPTER_SMDP_CA,
            }
          : null,
        requestTimeoutMs: env.SMDP_ADAPTER_REQUEST_TIMEOUT_MS,
        retry: {
          maxAttempts: env.SMDP_ADAPTER_RETRY_MAX_ATTEMPTS,
          maxElapsedMs: env.SMDP_ADAPTER_RETRY_MAX_ELAPSED_MS,
          initialDelayMs: env.SMDP_ADAPTER_RETRY_INITIAL_DELAY_MS,
          maxDelayMs: env.SMDP_ADAPTER_RETRY_MAX_DELAY_MS,
        },
        breaker: {
          consecutiveFailures: env.SMDP_ADAPTER_BREAKER_CONSECUTIVE_FAILURES,
          halfOpenAfterMs: env.SMDP_ADAPTER_BREAKER_HALF_OPEN_AFTER_MS,
        },
      },
    }),
  },
});

export type SmdpAdapterConfig = ReturnType<typeof loadSmdpAdapterConfig>;
