import { z } from 'zod';
import { toTokenSource, tokenShape, type TokenSource } from '../credentials.settings';
import { boolean, filePath, port, positiveInt } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** Settings of the SM-DP+ simulator: its ES2+ server, profile pool, device side and network stand-in. */
export interface SmdpSimulatorSettings {
  /** The ES2+ server (HTTPS, client certificate required); the app's own port serves health and admin. */
  readonly es2: {
    readonly port: number;
    /** SMDP_SIMULATOR_ES2_HOST, else HTTP_HOST. */
    readonly host: string;
    readonly certPath: string;
    readonly keyPath: string;
    /** Clients must present a certificate chained to this CA (the operator's). */
    readonly clientCaPath: string;
  };
  /** What ConfirmOrder answers as `smdpAddress` (the activation code's host, D22). */
  readonly smdpAddress: string;
  readonly pool: {
    readonly profileTypes: readonly string[];
    readonly sizePerType: number;
    /** Types listed as `name:size` have their own size (0 makes a type that is always exhausted). */
    readonly sizes: Readonly<Record<string, number>>;
    /** First digits of generated ICCIDs (89 + country + issuer); the rest is a serial and a Luhn digit. */
    readonly iccidPrefix: string;
  };
  /** Where the simulated device side sends HandleDownloadProgressInfo (the adapter), and how (mTLS). */
  readonly notificationUrl: string;
  readonly notificationTls: {
    /** The SM-DP+'s client certificate towards the operator. */
    readonly certPath: string;
    readonly keyPath: string;
    /** The CA the operator's server certificate must chain to. */
    readonly caPath: string;
  };
  /** Who may call the admin API (bearer tokens). */
  readonly adminTokens: TokenSource;
  /** The stand-in for the operator's provisioning system: answers provisioning requests (ADR 0021). */
  readonly connectivity: { readonly enabled: boolean; readonly delayMs: number };
}

const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((item) => item.trim()))
    .pipe(
      z.array(z.string().regex(/^[^\s$]{1,64}$/, 'must be a comma-separated list of names')).min(1),
    );

const url = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
      message: 'must be an http(s) URL',
    });

// 'standard' is the orchestrator's DEFAULT_PROFILE_TYPE.
export const DEFAULT_PROFILE_TYPE = 'standard';

export const loadSmdpSimulatorConfig = defineAppConfig({
  appName: 'smdp-simulator',
  portKey: 'SMDP_SIMULATOR_PORT',
  defaultPort: 3003,
  kafka: true,
  database: false,
  own: {
    shape: {
      SMDP_SIMULATOR_ES2_PORT: port(3443),
      SMDP_SIMULATOR_ES2_HOST: z.string().trim().min(1).optional(),
      SMDP_SIMULATOR_TLS_CERT: filePath('.local/certs/smdp-server.crt'),
      SMDP_SIMULATOR_TLS_KEY: filePath('.local/certs/smdp-server.key'),
      SMDP_SIMULATOR_CLIENT_CA: filePath('.local/certs/operator-ca.crt'),
      SMDP_SIMULATOR_SMDP_ADDRESS: z
        .string()
        .regex(/^[^\s$]{1,255}$/, 'must be a host name without spaces or $')
        .default('localhost'),
      SMDP_SIMULATOR_PROFILE_TYPES: list(`${DEFAULT_PROFILE_TYPE},travel`),
      SMDP_SIMULATOR_POOL_SIZE: positiveInt(100).refine(
        (n) => n <= 10_000,
        'must be at most 10000',
      ),
      SMDP_SIMULATOR_ICCID_PREFIX: z
        .string()
        .regex(/^89\d{2,5}$/, 'must be 89 followed by 2 to 5 digits')
        .default('8988247'),
      SMDP_SIMULATOR_NOTIFICATION_URL: url(
        'https://127.0.0.1:3002/gsma/rsp2/es2plus/handleDownloadProgressInfo',
      ),
      SMDP_SIMULATOR_NOTIFICATION_CLIENT_CERT: filePath(
        '.local/certs/smdp-notification-client.crt',
      ),
      SMDP_SIMULATOR_NOTIFICATION_CLIENT_KEY: filePath('.local/certs/smdp-notification-client.key'),
      SMDP_SIMULATOR_NOTIFICATION_CA: filePath('.local/certs/operator-ca.crt'),
      ...tokenShape('SMDP_SIMULATOR_ADMIN_TOKENS', '.local/credentials/simulator-admin-tokens'),
      SMDP_SIMULATOR_CONNECTIVITY_ENABLED: boolean(true),
      SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS: z.coerce
        .number({ error: 'must be a number' })
        .int()
        .min(0)
        .default(200),
    },
    map: (env): { smdpSimulator: SmdpSimulatorSettings } => ({
      smdpSimulator: {
        es2: {
          port: env.SMDP_SIMULATOR_ES2_PORT,
          host: env.SMDP_SIMULATOR_ES2_HOST ?? env.HTTP_HOST,
          certPath: env.SMDP_SIMULATOR_TLS_CERT,
          keyPath: env.SMDP_SIMULATOR_TLS_KEY,
          clientCaPath: env.SMDP_SIMULATOR_CLIENT_CA,
        },
        smdpAddress: env.SMDP_SIMULATOR_SMDP_ADDRESS,
        pool: {
          profileTypes: env.SMDP_SIMULATOR_PROFILE_TYPES.map((entry) => entry.split(':')[0]!),
          sizePerType: env.SMDP_SIMULATOR_POOL_SIZE,
          sizes: Object.fromEntries(
            env.SMDP_SIMULATOR_PROFILE_TYPES.filter((entry) => entry.includes(':')).map((entry) => {
              const [name, size] = entry.split(':');
              return [name!, Number(size)];
            }),
          ),
          iccidPrefix: env.SMDP_SIMULATOR_ICCID_PREFIX,
        },
        notificationUrl: env.SMDP_SIMULATOR_NOTIFICATION_URL,
        notificationTls: {
          certPath: env.SMDP_SIMULATOR_NOTIFICATION_CLIENT_CERT,
          keyPath: env.SMDP_SIMULATOR_NOTIFICATION_CLIENT_KEY,
          caPath: env.SMDP_SIMULATOR_NOTIFICATION_CA,
        },
        adminTokens: toTokenSource(
          'SMDP_SIMULATOR_ADMIN_TOKENS',
          env.SMDP_SIMULATOR_ADMIN_TOKENS,
          env.SMDP_SIMULATOR_ADMIN_TOKENS_FILE,
        ),
        connectivity: {
          enabled: env.SMDP_SIMULATOR_CONNECTIVITY_ENABLED,
          delayMs: env.SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS,
        },
      },
    }),
  },
  // A stand-in for the SM-DP+, the device and the network: never part of a production system.
  developmentDefaults: () => [
    { setting: 'APPS', what: 'the SM-DP+ simulator (development and tests only)' },
  ],
});

export type SmdpSimulatorConfig = ReturnType<typeof loadSmdpSimulatorConfig>;
