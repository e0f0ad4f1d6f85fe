import { z } from 'zod';
import { positiveInt } from '../setting.schemas';
import { defineAppConfig } from './define-app-config';

/** What the orchestrator decides with (copied into each new purchase) and how it runs. */
export interface OrchestratorSettings {
  readonly purchase: {
    readonly callbackApiGeneration: 'seed' | 'current';
    readonly defaultProfileType: string;
    readonly fallbackProfileType: string | null;
    readonly smdsAddress: string;
    readonly releaseLeadTimeMinutes: number;
    /** How long a handed-over profile may go unreported before the purchase is unconfirmed (ADR 0014). */
    readonly confirmationTimeoutSeconds: number;
    /** How a DownloadOrder whose outcome stayed unknown is re-asked to find an orphaned profile (ADR 0028). */
    readonly downloadOrderReconciliation: {
      readonly delaySeconds: number;
      readonly maxAttempts: number;
    };
  };
  readonly processing: {
    /** Attempts at one input before its purchase is parked (G7). */
    readonly maxAttempts: number;
    readonly timerPollMs: number;
    /**
     * Batches of one fetch handled at once. At least the input topics times the partitions a process holds (3 x 4
     * by default): a batch waiting for a free slot waits for another partition's commit, and misses the
     * transaction its partition's other batches share (ADR 0030).
     */
    readonly partitionConcurrency: number;
    readonly maxRecordsPerTransaction: number;
    /** How long the group waits for a silent member before moving its partitions (failover time). */
    readonly sessionTimeoutMs: number;
    /**
     * How long an input addressed by ICCID (an SM-DP+ notification, an LPA error) waits for this process to have
     * read every partition back before an unknown ICCID is rejected as unknown (ADR 0026).
     */
    readonly iccidIndexWaitMs: number;
    /**
     * How long a completed, cancelled or failed purchase stays in memory before it is evicted to PostgreSQL, from
     * where a late input for it loads it back (ADR 0032).
     */
    readonly evictAfterSeconds: number;
  };
}

const optionalText = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? null : text.trim()));

export const loadOrchestratorConfig = defineAppConfig({
  appName: 'orchestrator',
  portKey: 'ORCHESTRATOR_PORT',
  defaultPort: 3001,
  kafka: true,
  database: true,
  own: {
    shape: {
      CALLBACK_API_GENERATION: z
        .enum(['seed', 'current'], { error: 'must be seed or current' })
        .default('seed'),
      DEFAULT_PROFILE_TYPE: z.string().min(1).default('standard'),
      FALLBACK_PROFILE_TYPE: optionalText,
      SMDS_ADDRESS: z.string().min(1).default('lpa.ds.gsma.com'),
      RELEASE_LEAD_TIME_MINUTES: z.coerce.number().int().min(0).default(5),
      PURCHASE_CONFIRMATION_TIMEOUT_SECONDS: positiveInt(1800),
      PURCHASE_RECONCILE_DELAY_SECONDS: positiveInt(300),
      PURCHASE_RECONCILE_MAX_ATTEMPTS: positiveInt(3),
      ORCHESTRATOR_MAX_ATTEMPTS: positiveInt(3),
      ORCHESTRATOR_TIMER_POLL_MS: positiveInt(200),
      ORCHESTRATOR_PARTITION_CONCURRENCY: positiveInt(12),
      ORCHESTRATOR_MAX_RECORDS_PER_TRANSACTION: positiveInt(200),
      ORCHESTRATOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10000),
      ORCHESTRATOR_ICCID_INDEX_WAIT_MS: z.coerce.number().int().min(0).default(60000),
      ORCHESTRATOR_EVICT_AFTER_SECONDS: positiveInt(86400),
    },
    map: (env): { orchestrator: OrchestratorSettings } => ({
      orchestrator: {
        purchase: {
          callbackApiGeneration: env.CALLBACK_API_GENERATION,
          defaultProfileType: env.DEFAULT_PROFILE_TYPE,
          fallbackProfileType: env.FALLBACK_PROFILE_TYPE,
          smdsAddress: env.SMDS_ADDRESS,
          releaseLeadTimeMinutes: env.RELEASE_LEAD_TIME_MINUTES,
          confirmationTimeoutSeconds: env.PURCHASE_CONFIRMATION_TIMEOUT_SECONDS,
          downloadOrderReconciliation: {
            delaySeconds: env.PURCHASE_RECONCILE_DELAY_SECONDS,
            maxAttempts: env.PURCHASE_RECONCILE_MAX_ATTEMPTS,
          },
        },
        processing: {
          maxAttempts: env.ORCHESTRATOR_MAX_ATTEMPTS,
          timerPollMs: env.ORCHESTRATOR_TIMER_POLL_MS,
          partitionConcurrency: env.ORCHESTRATOR_PARTITION_CONCURRENCY,
          maxRecordsPerTransaction: env.ORCHESTRATOR_MAX_RECORDS_PER_TRANSACTION,
          sessionTimeoutMs: env.ORCHESTRATOR_SESSION_TIMEOUT_MS,
          iccidIndexWaitMs: env.ORCHESTRATOR_ICCID_INDEX_WAIT_MS,
          evictAfterSeconds: env.ORCHESTRATOR_EVICT_AFTER_SECONDS,
        },
      },
    }),
  },
});

export type OrchestratorConfig = ReturnType<typeof loadOrchestratorConfig>;
