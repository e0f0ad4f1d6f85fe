import { iccidSchema, transactionIdSchema } from '@mp/contracts';
import { z } from 'zod';
import { machineGraph } from '../machine/machine-graph';

const states = machineGraph().states.map((state) => state.id) as [string, ...string[]];
const flows = ['inline', 'asyncConnectivity', 'delayedProfile', 'balanceAddition'] as const;
const flag = z.enum(['true', 'false']).transform((text) => text === 'true');
const instant = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 timestamp' });
const limit = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(1).max(200).default(fallback);

export const transactionPathSchema = z.object({ transactionId: transactionIdSchema });
export const simPathSchema = z.object({ iccid: iccidSchema });

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(64).optional(),
    state: z.enum(states, { error: `must be one of ${states.join(', ')}` }).optional(),
    flow: z.enum(flows, { error: `must be one of ${flows.join(', ')}` }).optional(),
    from: instant.optional(),
    to: instant.optional(),
    parked: flag.optional(),
    waitingOnTimer: flag.optional(),
    limit: limit(50),
  })
  .strict();
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const rejectedQuerySchema = z
  .object({
    transactionId: transactionIdSchema.optional(),
    code: z.string().min(1).max(100).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: limit(50),
  })
  .strict();
export type RejectedQuery = z.output<typeof rejectedQuerySchema>;

/** A page of whole histories for the fleet replay (ADR 0018): keyset paging on transactionId. */
export const historyPageQuerySchema = z
  .object({
    after: transactionIdSchema.optional(),
    limit: z.coerce.number().int('must be an integer').min(1).max(5000).default(1000),
  })
  .strict();
export type HistoryPageQuery = z.output<typeof historyPageQuerySchema>;

export const redriveBodySchema = z
  .object({ reason: z.string().trim().min(1, 'must not be empty').max(500) })
  .strict();

export const indexRebuildBodySchema = z
  .object({ reason: z.string().trim().min(1, 'must not be empty').max(500).optional() })
  .strict();

export const operatorActionsQuerySchema = z.object({ limit: limit(50) }).strict();
