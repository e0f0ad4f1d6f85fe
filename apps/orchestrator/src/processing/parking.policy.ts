import type { RecordSource, RedriveRecord } from '@mp/contracts';
import type { ConsumedRecord } from '@mp/event-log';
import type { BatchWork } from './batch-work';
import type { OutgoingRecords } from './outgoing-records';

/** Where an input came from: a record's coordinates, or the scheduler for a timer. */
export interface Origin {
  readonly source: RecordSource;
  readonly value: Buffer | string | null;
}

/** Where a consumed record came from, and its value as it was: what a rejection or a held input keeps. */
export function originOf(record: ConsumedRecord): Origin {
  const { topic, partition, offset, key, value } = record;
  return { source: { topic, partition, offset, key }, value };
}

export interface ParkingOptions {
  readonly now: () => Date;
  readonly onOutcome: (outcome: 'held' | 'parked' | 'released') => void;
}

/**
 * Parking and redrive (G7, ADR 0007): a purchase whose input fails every attempt is parked with that input; while
 * parked, its inputs are held in order; a redrive releases it and gives back what it held, to be decided again.
 */
export class ParkingPolicy {
  constructor(
    private readonly out: OutgoingRecords,
    private readonly options: ParkingOptions,
  ) {}

  /** Holds the input when its purchase is parked; false when the purchase is not parked (decide it). */
  hold(work: BatchWork, transactionId: string, input: unknown, origin: Origin): boolean {
    if (work.parked(transactionId) === null) return false;
    const held = work.appendParking({
      kind: 'held',
      transactionId,
      at: this.options.now().toISOString(),
      input: heldInput(origin, input),
    });
    work.messages.push(this.out.parking(held));
    this.options.onOutcome('held');
    return true;
  }

  /** Parks the purchase with the input that failed every one of its `attempts`. */
  park(
    work: BatchWork,
    transactionId: string,
    input: unknown,
    origin: Origin,
    failure: { readonly error: unknown; readonly attempts: number },
  ): void {
    const parked = work.appendParking({
      kind: 'parked',
      transactionId,
      at: this.options.now().toISOString(),
      error: describeError(failure.error),
      attempts: failure.attempts,
      input: heldInput(origin, input),
    });
    work.messages.push(this.out.parking(parked));
    this.options.onOutcome('parked');
  }

  /** Parks the purchase because the broker refused what deciding the input writes (ADR 0026). */
  parkRefused(
    work: BatchWork,
    transactionId: string,
    input: unknown,
    origin: Origin,
    refusal: { readonly code: string; readonly message: string },
  ): void {
    const parked = work.appendParking({
      kind: 'parked',
      transactionId,
      at: this.options.now().toISOString(),
      error: refusal,
      attempts: 1,
      input: heldInput(origin, input),
    });
    work.messages.push(this.out.parking(parked));
    this.options.onOutcome('parked');
  }

  /** A redrive: releases the parked purchase and returns the inputs it held, or why there is nothing to release. */
  release(
    work: BatchWork,
    command: RedriveRecord,
  ): { ok: true; held: readonly Origin[] } | { ok: false; reason: string } {
    const parked = work.parked(command.transactionId);
    if (parked === null) {
      return { ok: false, reason: `purchase ${command.transactionId} is not parked` };
    }
    const released = work.appendParking({
      kind: 'released',
      transactionId: command.transactionId,
      at: this.options.now().toISOString(),
      redriveId: command.redriveId,
      requestedBy: command.requestedBy,
      reason: command.reason,
    });
    work.messages.push(this.out.parking(released));
    this.options.onOutcome('released');
    return { ok: true, held: parked.held };
  }
}

function heldInput(origin: Origin, input: unknown) {
  return { source: origin.source, value: JSON.stringify(input) };
}

export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'UNKNOWN', message: String(error) };
}
