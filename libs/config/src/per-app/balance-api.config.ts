import { z } from 'zod';
import { loadIccidRangeConfig, validateIccid, type SimRangeConfig } from '@mp/sim';
import { ConfigValidationError } from '../config-validation.error';
import { developmentPki, type DevelopmentDefault } from '../development-defaults';
import {
  boolean,
  filePath,
  port,
  positiveInt,
  subject,
  type CertificateSubject,
} from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** Settings of GetBalance (decisions.md D1–D17) and its projector. */
export interface BalanceApiSettings {
  /** Off only for the benchmark's plain-HTTP comparison: no TLS, no client certificate (D1 cannot hold). */
  readonly insecurePlainHttp: boolean;
  /** GetBalance's own HTTPS listener (mTLS); the app port serves health, metrics and the OpenAPI document. */
  readonly httpsPort: number;
  /** Its interface (BALANCE_API_HTTPS_HOST, else HTTP_HOST). */
  readonly httpsHost: string;
  readonly tls: {
    readonly certPath: string;
    readonly keyPath: string;
    /** The CA that Microsoft's client certificate must chain to. */
    readonly clientCaPath: string;
    /** Every attribute written here must equal the client certificate's subject attribute (D1). */
    readonly clientSubject: CertificateSubject;
  };
  /** D2: null when Basic auth is off. */
  readonly basicAuth: { readonly user: string; readonly password: string } | null;
  readonly ranges: SimRangeConfig;
  readonly monitoringIccid: string;
  /** D10: a repeated X-MS-DM-TransactionId within this window → 409 (all instances share it: PostgreSQL). */
  readonly transactionIdWindowSeconds: number;
  /** D11: per-client token bucket. */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  readonly cacheMaxEntries: number;
  /** The projector in this process; off for an instance that only serves reads over tables others keep. */
  readonly projectorEnabled: boolean;
}

// Local defaults: every 19- and 20-digit ICCID of the telecom space (89…) is this operator's (COSA), and all but
// the 899999… blocks are in the program, so that a development machine has SIMs of each kind of D4. The SM-DP+
// simulator and the Microsoft sample ICCIDs (8988247…, 8901…) fall inside the program ranges.
export const DEFAULT_COSA_ICCID_RANGES =
  '8900000000000000000-8999999999999999999;89000000000000000000-89999999999999999999';
export const DEFAULT_PROGRAM_ICCID_RANGES =
  '8900000000000000000-8999989999999999999;89000000000000000000-89999899999999999999';
/** A valid ICCID (Luhn) that no real SIM of the default ranges is likely to be; it skips the range gate anyway. */
export const DEFAULT_MONITORING_ICCID = '89000000000000000004';
export const DEFAULT_CLIENT_SUBJECT = 'CN=partners.datamart.windows.com';

/** The COSA and program range settings as written (shared with the program exports: libs/config/src/program). */
export const iccidRangeShape = {
  BALANCE_API_COSA_ICCID_RANGES: z.string().default(DEFAULT_COSA_ICCID_RANGES),
  BALANCE_API_PROGRAM_ICCID_RANGES: z.string().default(DEFAULT_PROGRAM_ICCID_RANGES),
};

const iccid = z
  .string()
  .default(DEFAULT_MONITORING_ICCID)
  .transform((text, context) => {
    const result = validateIccid(text);
    if (result.ok) return result.iccid;
    context.addIssue({ code: 'custom', message: `must be an ICCID: ${result.reason}` });
    return z.NEVER;
  });

export const loadBalanceApiConfig = defineAppConfig({
  appName: 'balance-api',
  portKey: 'BALANCE_API_PORT',
  defaultPort: 3004,
  kafka: true,
  database: true,
  own: {
    shape: {
      BALANCE_API_INSECURE_PLAIN_HTTP: boolean(false),
      BALANCE_API_HTTPS_PORT: port(3444),
      BALANCE_API_HTTPS_HOST: z.string().trim().min(1).optional(),
      BALANCE_API_TLS_CERT: filePath('.local/certs/balance-api.crt'),
      BALANCE_API_TLS_KEY: filePath('.local/certs/balance-api.key'),
      BALANCE_API_CLIENT_CA: filePath('.local/certs/microsoft-ca.crt'),
      BALANCE_API_CLIENT_SUBJECT: subject(DEFAULT_CLIENT_SUBJECT),
      BALANCE_API_BASIC_AUTH_USER: z.string().min(1).max(256).optional(),
      BALANCE_API_BASIC_AUTH_PASSWORD: z.string().min(1).max(256).optional(),
      ...iccidRangeShape,
      BALANCE_API_MONITORING_ICCID: iccid,
      BALANCE_API_TRANSACTION_ID_WINDOW_SECONDS: positiveInt(86_400),
      BALANCE_API_RATE_LIMIT_PER_SECOND: positiveInt(1000),
      BALANCE_API_RATE_LIMIT_BURST: positiveInt(2000),
      BALANCE_API_CACHE_MAX_ENTRIES: positiveInt(100_000),
      BALANCE_API_PROJECTOR_ENABLED: boolean(true),
    },
    map: (env): { balanceApi: BalanceApiSettings } => ({
      balanceApi: {
        insecurePlainHttp: env.BALANCE_API_INSECURE_PLAIN_HTTP,
        httpsPort: env.BALANCE_API_HTTPS_PORT,
        httpsHost: env.BALANCE_API_HTTPS_HOST ?? env.HTTP_HOST,
        tls: {
          certPath: env.BALANCE_API_TLS_CERT,
          keyPath: env.BALANCE_API_TLS_KEY,
          clientCaPath: env.BALANCE_API_CLIENT_CA,
          clientSubject: env.BALANCE_API_CLIENT_SUBJECT,
        },
        basicAuth: basicAuth(env.BALANCE_API_BASIC_AUTH_USER, env.BALANCE_API_BASIC_AUTH_PASSWORD),
        ranges: ranges(env.BALANCE_API_COSA_ICCID_RANGES, env.BALANCE_API_PROGRAM_ICCID_RANGES),
        monitoringIccid: env.BALANCE_API_MONITORING_ICCID,
        transactionIdWindowSeconds: env.BALANCE_API_TRANSACTION_ID_WINDOW_SECONDS,
        rateLimit: {
          perSecond: env.BALANCE_API_RATE_LIMIT_PER_SECOND,
          burst: env.BALANCE_API_RATE_LIMIT_BURST,
        },
        cacheMaxEntries: env.BALANCE_API_CACHE_MAX_ENTRIES,
        projectorEnabled: env.BALANCE_API_PROJECTOR_ENABLED,
      },
    }),
  },
  developmentDefaults: ({ balanceApi: settings }): DevelopmentDefault[] =>
    settings.insecurePlainHttp
      ? [{ setting: 'BALANCE_API_INSECURE_PLAIN_HTTP', what: 'plain-HTTP GetBalance' }]
      : developmentPki({
          BALANCE_API_TLS_CERT: settings.tls.certPath,
          BALANCE_API_TLS_KEY: settings.tls.keyPath,
          BALANCE_API_CLIENT_CA: settings.tls.clientCaPath,
        }),
});

export type BalanceApiConfig = ReturnType<typeof loadBalanceApiConfig>;

/** The validated ranges, or the ConfigValidationError that names the bad setting. */
export function ranges(cosa: string, program: string): SimRangeConfig {
  const result = loadIccidRangeConfig({ cosa, program });
  if (result.ok) return result.config;
  // The map step runs after validation; a thrown ConfigValidationError reads like any other bad key.
  throw new ConfigValidationError(
    result.issues.map((issue) => ({
      key:
        issue.list === 'cosa'
          ? 'BALANCE_API_COSA_ICCID_RANGES'
          : 'BALANCE_API_PROGRAM_ICCID_RANGES',
      message: issue.message,
    })),
  );
}

function basicAuth(
  user: string | undefined,
  password: string | undefined,
): BalanceApiSettings['basicAuth'] {
  if (user === undefined && password === undefined) return null;
  if (user === undefined || password === undefined || user.includes(':')) {
    throw new ConfigValidationError([
      {
        key:
          user === undefined || user.includes(':')
            ? 'BALANCE_API_BASIC_AUTH_USER'
            : 'BALANCE_API_BASIC_AUTH_PASSWORD',
        message: 'Basic auth needs both a user (without ":") and a password, or neither',
      },
    ]);
  }
  return { user, password };
}
