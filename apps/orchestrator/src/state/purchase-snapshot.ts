import { z } from 'zod';
import { heldInputSchema } from '@mp/contracts';
import { type PersistedDeciderState } from '@mp/purchase-machine';
import { machineVersion } from './machine-version';
import type { ParkedPurchase } from './purchase-entry';

/**
 * One purchase as the changelog and the evicted-purchases table keep it (ADR 0032): the decider's state (ADR 0031)
 * and what the store indexes beside it (deduplication is in the state; timers, parking and ICCIDs here), named by the
 * machine that wrote it. Nothing here is read from outside the orchestrator: the changelog is its own topic.
 */
export interface PurchaseSnapshot {
  readonly machine: string;
  readonly transactionId: string;
  /** The last event's sequence: the purchase's next event is one more. */
  readonly sequence: number;
  /** Null when the history could not be read (then `unreadable` says why, and decisions fail on it). */
  readonly state: PersistedDeciderState | null;
  readonly unreadable: string | null;
  readonly parkingSequence: number;
  readonly parked: ParkedPurchase | null;
  readonly timers: readonly { readonly timerId: string; readonly dueAt: string }[];
  readonly iccids: readonly string[];
  /** When its last event happened (the input's time): eviction counts from there. */
  readonly lastEventAt: string | null;
}

const parkedSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  attempts: z.number().int(),
  held: z.array(heldInputSchema),
});

const snapshotSchema = z.object({
  machine: z.string(),
  transactionId: z.string().min(1),
  sequence: z.number().int().min(0),
  state: z
    .object({
      value: z.union([z.string(), z.record(z.string(), z.unknown())]),
      context: z.record(z.string(), z.unknown()),
      answered: z.array(z.string()),
    })
    .nullable(),
  unreadable: z.string().nullable(),
  parkingSequence: z.number().int().min(0),
  parked: parkedSchema.nullable(),
  timers: z.array(z.object({ timerId: z.string(), dueAt: z.string() })),
  iccids: z.array(z.string()),
  lastEventAt: z.string().nullable(),
});

export type SnapshotReading =
  | { readonly ok: true; readonly snapshot: PurchaseSnapshot }
  | { readonly ok: false; readonly reason: string };

/**
 * A snapshot as JSON gave it back, if this build's machine wrote it: one written by another machine, or that does
 * not parse, is not restored (its partition is folded again from the log).
 */
export function readSnapshot(json: unknown): SnapshotReading {
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'a snapshot that does not parse' };
  if (parsed.data.machine !== machineVersion()) {
    return { ok: false, reason: `a snapshot of machine ${parsed.data.machine}` };
  }
  // The schema checks the frame; the state's context is the machine's own, as the machine wrote it.
  return { ok: true, snapshot: parsed.data as PurchaseSnapshot };
}
