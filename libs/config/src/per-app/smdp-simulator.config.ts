import { resolve } from 'node:path';
import { z } from 'zod';
import { boolean, port, positiveInt } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** Settings of the SM-DP+ simulator: its ES2+ server, profile pool, device side and network stand-in. */
export interface SmdpSimulatorSettings {
  /** The ES2+ server (HTTPS, client certificate required); the app's own port serves health and admin. */
  readonly es2: {
    /** Listens on HTTP_HOST, like the app's own port. */
    readonly port: number;
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
  /** Where the simulated device side sends HandleDownloadProgressInfo (the adapter). */
  readonly notificationUrl: string;
  /** The stand-in for the operator's network: answers ProvisionConnectivity effects. */
  readonly connectivity: { readonly enabled: boolean; readonly delayMs: number };
}

const filePath = (fallback: string) =>
  z
    .string()
    .trim()
    .min(1)
    .default(fallback)
    // Relative paths are read from the working directory: the repository root for every npm script.
    .transform((path) => resolve(process.cwd(), path));

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
        'http://127.0.0.1:3002/gsma/rsp2/es2plus/handleDownloadProgressInfo',
      ),
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
        connectivity: {
          enabled: env.SMDP_SIMULATOR_CONNECTIVITY_ENABLED,
          delayMs: env.SMDP_SIMULATOR_CONNECTIVITY_DELAY_MS,
        },
      },
    }),
  },
});

export type SmdpSimulatorConfig = ReturnType<typeof loadSmdpSimulatorConfig>;
