import { z } from 'zod';
import { developmentPki, type DevelopmentDefault } from '../development-defaults';
import {
  boolean,
  certificateClients,
  filePath,
  nameList,
  positiveInt,
  type CertificateClient,
} from '../setting.schemas';
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
  /** HandleDownloadProgressInfo from the SM-DP+ (section 14.2): who may send it. */
  readonly notifications: {
    /** Development only: the app's port serves plain HTTP and no client certificate is asked for. */
    readonly insecurePlainHttp: boolean;
    /** The app's HTTPS listener. */
    readonly certPath: string;
    readonly keyPath: string;
    /** The CA the SM-DP+'s client certificate must chain to. */
    readonly clientCaPath: string;
    /** The SM-DP+ client certificates accepted, by subject. */
    readonly clients: readonly CertificateClient[];
    /** The functionRequesterIdentifiers a notification may carry. */
    readonly requesters: readonly string[];
  };
}

/** What the SM-DP+ simulator calls itself in its notifications. */
export const SIMULATOR_FUNCTION_REQUESTER_ID = 'smdp-simulator';
export const DEFAULT_SMDP_BASE_URL = 'https://127.0.0.1:3443';

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
        .default(DEFAULT_SMDP_BASE_URL)
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
      SMDP_ADAPTER_INSECURE_PLAIN_HTTP: boolean(false),
      SMDP_ADAPTER_TLS_CERT: filePath('.local/certs/smdp-adapter.crt'),
      SMDP_ADAPTER_TLS_KEY: filePath('.local/certs/smdp-adapter.key'),
      SMDP_ADAPTER_NOTIFICATION_CLIENT_CA: filePath('.local/certs/smdp-ca.crt'),
      SMDP_ADAPTER_NOTIFICATION_CLIENTS: certificateClients('smdp-dev:CN=smdp-dev-notifications'),
      SMDP_ADAPTER_NOTIFICATION_REQUESTERS: nameList(SIMULATOR_FUNCTION_REQUESTER_ID),
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
        notifications: {
          insecurePlainHttp: env.SMDP_ADAPTER_INSECURE_PLAIN_HTTP,
          certPath: env.SMDP_ADAPTER_TLS_CERT,
          keyPath: env.SMDP_ADAPTER_TLS_KEY,
          clientCaPath: env.SMDP_ADAPTER_NOTIFICATION_CLIENT_CA,
          clients: env.SMDP_ADAPTER_NOTIFICATION_CLIENTS,
          requesters: env.SMDP_ADAPTER_NOTIFICATION_REQUESTERS,
        },
      },
    }),
  },
  developmentDefaults: ({ smdpAdapter: settings }): DevelopmentDefault[] => {
    const notifications = settings.notifications;
    return [
      ...(settings.baseUrl === DEFAULT_SMDP_BASE_URL
        ? [{ setting: 'SMDP_ADAPTER_BASE_URL', what: 'the SM-DP+ simulator (its local address)' }]
        : []),
      ...(settings.tls === null
        ? [{ setting: 'SMDP_ADAPTER_MTLS', what: 'ES2+ without mutual TLS' }]
        : developmentPki({
            SMDP_ADAPTER_CLIENT_CERT: settings.tls.clientCertPath,
            SMDP_ADAPTER_CLIENT_KEY: settings.tls.clientKeyPath,
            SMDP_ADAPTER_SMDP_CA: settings.tls.smdpCaPath,
          })),
      ...(notifications.insecurePlainHttp
        ? [{ setting: 'SMDP_ADAPTER_INSECURE_PLAIN_HTTP', what: 'plain-HTTP notifications' }]
        : developmentPki({
            SMDP_ADAPTER_TLS_CERT: notifications.certPath,
            SMDP_ADAPTER_TLS_KEY: notifications.keyPath,
            SMDP_ADAPTER_NOTIFICATION_CLIENT_CA: notifications.clientCaPath,
          })),
      ...(notifications.clients.some((client) => client.subject.CN === 'smdp-dev-notifications')
        ? [
            {
              setting: 'SMDP_ADAPTER_NOTIFICATION_CLIENTS',
              what: "the development SM-DP+'s notification client (CN=smdp-dev-notifications)",
            },
          ]
        : []),
      ...(notifications.requesters.includes(SIMULATOR_FUNCTION_REQUESTER_ID)
        ? [
            {
              setting: 'SMDP_ADAPTER_NOTIFICATION_REQUESTERS',
              what: 'the SM-DP+ simulator as a notification sender',
            },
          ]
        : []),
    ];
  },
});

export type SmdpAdapterConfig = ReturnType<typeof loadSmdpAdapterConfig>;
