import {
  purchaseInputRecordSchema,
  validatePortalEvent,
  validateWith,
  type PurchaseSettingsInput,
  type RecordSource,
  type RedriveRecord,
} from '@mp/contracts';
import {
  DEFAULT_MAX_RECORD_BYTES,
  recordSize,
  screenRecord,
  type ConsumedRecord,
  type TopicNames,
  type TransactionPlan,
} from '@mp/event-log';
import { decide, type Decision } from '@mp/purchase-machine';
import type { PendingTimer, PurchaseStore } from '../state/purchase-store';
import { BatchWork } from './batch-work';
import { OutgoingRecords } from './outgoing-records';

export type InputOutcome =
  Decision['outcome'] | 'held' | 'forwarded' | 'invalid' | 'parked' | 'released';

export interface DeciderOptions {
  readonly topics: TopicNames;
  readonly settings: PurchaseSettingsInput;
  readonly maxAttempts: number;
  readonly now: () => Date;
  readonly onOutcome: (outcome: InputOutcome) => void;
  /** After the commit: the AlertOperations effects it carried (operations must hear of them). */
  readonly onAlerts: (alerts: BatchWork['alerts']) => void;
  readonly onFailure: (transactionId: string, error: unknown, attempt: number) => void;
}

/** Where an input came from: a record's coordinates, or the scheduler for a timer. */
interface Origin {
  readonly source: RecordSource;
  readonly value: Buffer | string | null;
}

/**
 * Turns input records into one transaction's worth of records. Every record ends in exactly one place: a decision
 * appended to its purchase, a forward to the purchase's partition, a rejection with a reason (G8) or the parking
 * of its purchase (G7). Decisions themselves are the pure purchase machine's.
 */
export class RecordDecider {
  private readonly out: OutgoingRecords;

  constructor(
    private readonly store: PurchaseStore,
    private readonly options: DeciderOptions,
  ) {
    this.out = new OutgoingRecords(options.topics);
  }

  decideBatch(partition: number, records: readonly ConsumedRecord[]): TransactionPlan {
    const work = new BatchWork(this.store, partition);
    for (const record of records) this.guarded(work, record);
    return this.plan(work);
  }

  /**
   * The broker refused what this record's decision writes, even on its own (ADR 0020): its purchase is parked with
   * the reason instead (G7), so the partition flows on; a redrive decides the held input again. A record that
   * decides nothing for a purchase is rejected with the reason.
   */
  decideRefused(partition: number, record: ConsumedRecord, reason: string): TransactionPlan {
    const work = new BatchWork(this.store, partition, {
      code: 'DECISION_REFUSED',
      message: reason,
    });
    this.guarded(work, record);
    if (work.messages.length === 0 || !work.parkedAny) {
      const fallback = new BatchWork(this.store, partition);
      this.reject(fallback, originOf(record), 'DECISION_REFUSED', reason, null, null);
      return this.plan(fallback);
    }
    return this.plan(work);
  }

  /** Whether deciding this record reads the ICCID index (an input addressed by ICCID, an LPA error). */
  readsIccidIndex(record: ConsumedRecord): boolean {
    if (recordSize(record) > DEFAULT_MAX_RECORD_BYTES) return false;
    const json = parseJson(record.value) as
      { type?: unknown; address?: { iccid?: unknown } } | undefined | null;
    if (json === undefined || json === null || typeof json !== 'object') return false;
    if (record.topic === this.options.topics.portalEvents) return json.type === 'LpaErrorReported';
    return typeof json.address === 'object' && json.address !== null && 'iccid' in json.address;
  }

  decideTimer(timer: PendingTimer): TransactionPlan {
    const work = new BatchWork(this.store, timer.partition);
    const at = this.options.now().toISOString();
    const input = {
      kind: 'timerFired',
      id: `timer:${timer.timerId}`,
      at,
      transactionId: timer.transactionId,
      timerId: timer.timerId,
    };
    const source = { topic: 'scheduler', partition: timer.partition, offset: '0', key: null };
    this.decideFor(work, timer.transactionId, input, { source, value: JSON.stringify(input) });
    work.timerDone(timer.timerId);
    return this.plan(work);
  }

  private plan(work: BatchWork): TransactionPlan {
    return {
      messages: work.messages,
      afterCommit: () => {
        work.applyTo(this.store);
        if (work.alerts.length > 0) this.options.onAlerts(work.alerts);
      },
    };
  }

  /**
   * The per-record guard: whatever a record holds (too large, a timestamp no Date names, not JSON, a shape that
   * throws somewhere unexpected), it ends rejected with its reason and the next record is decided.
   */
  private guarded(work: BatchWork, record: ConsumedRecord): void {
    const mark = work.mark();
    try {
      this.decideRecord(work, record);
    } catch (error) {
      work.rollback(mark);
      const { message } = describe(error);
      this.reject(work, originOf(record), 'UNDECIDABLE', message.slice(0, 512), null, null);
    }
  }

  private decideRecord(work: BatchWork, record: ConsumedRecord): void {
    const origin = originOf(record);
    const screened = screenRecord(
      { ...record, size: recordSize(record) },
      DEFAULT_MAX_RECORD_BYTES,
    );
    if (!screened.ok) {
      // Kept as the code this consumer always gave unparseable values.
      const code = screened.code === 'NOT_JSON' ? 'INVALID_JSON' : screened.code;
      return this.reject(work, origin, code, screened.reason, null, null);
    }
    const { json } = screened;
    if (record.topic === this.options.topics.portalEvents) {
      return this.portalRecord(work, record, origin, json, screened.timeMs);
    }
    if (record.topic === this.options.topics.purchaseInputs) {
      return this.inputRecord(work, record, origin, json);
    }
    this.reject(work, origin, 'UNKNOWN_TOPIC', `not an input topic: ${record.topic}`, null, null);
  }

  private portalRecord(
    work: BatchWork,
    record: ConsumedRecord,
    origin: Origin,
    json: unknown,
    timeMs: number,
  ): void {
    const parsed = validatePortalEvent(json);
    if (!parsed.ok) return this.invalid(work, origin, parsed, transactionIdOf(json));
    const event = parsed.value;
    const input = {
      kind: 'portalEvent' as const,
      id: event.eventId,
      at: new Date(timeMs).toISOString(),
      event: json as Record<string, unknown>,
    };
    if (event.type === 'LpaErrorReported') {
      // Reported under the new launch's transactionId: it belongs to the purchase that issued the ICCID.
      const owner = work.ownerOfIccid(event.iccid);
      if (owner === null) {
        const reason = `no purchase has reserved ICCID ${event.iccid}`;
        return this.reject(work, origin, 'UNKNOWN_PROFILE', reason, 'iccid', event.transactionId);
      }
      return this.forward(work, owner, input);
    }
    if (record.key !== event.transactionId) return this.forward(work, event.transactionId, input);
    this.decideFor(
      work,
      event.transactionId,
      { ...input, transactionId: event.transactionId },
      origin,
    );
  }

  private inputRecord(
    work: BatchWork,
    record: ConsumedRecord,
    origin: Origin,
    json: unknown,
  ): void {
    const parsed = validateWith(purchaseInputRecordSchema, json);
    if (!parsed.ok) return this.invalid(work, origin, parsed, null);
    const value = parsed.value;
    if (value.kind === 'redrive') {
      if (record.key !== value.transactionId) {
        return this.forwardRecord(work, value.transactionId, value);
      }
      return this.redrive(work, value, origin);
    }
    if ('iccid' in value.address) {
      const owner = work.ownerOfIccid(value.address.iccid);
      if (owner === null) {
        const reason = `no purchase has reserved ICCID ${value.address.iccid}`;
        return this.reject(work, origin, 'UNKNOWN_PROFILE', reason, 'address.iccid', null);
      }
      return this.forward(work, owner, value.input);
    }
    const { transactionId } = value.address;
    if (record.key !== transactionId) return this.forward(work, transactionId, value.input);
    this.decideFor(work, transactionId, { ...value.input, transactionId }, origin);
  }

  private redrive(work: BatchWork, command: RedriveRecord, origin: Origin): void {
    const parked = work.parked(command.transactionId);
    if (parked === null) {
      const reason = `purchase ${command.transactionId} is not parked`;
      return this.reject(
        work,
        origin,
        'NOT_PARKED',
        reason,
        'transactionId',
        command.transactionId,
      );
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
    for (const held of parked.held) {
      const input = parseJson(held.value);
      this.decideFor(work, command.transactionId, input, held);
    }
  }

  /** Runs the machine for one input of one purchase, or holds the input while the purchase is parked. */
  private decideFor(work: BatchWork, transactionId: string, input: unknown, origin: Origin): void {
    if (work.parked(transactionId) !== null) {
      const held = work.appendParking({
        kind: 'held',
        transactionId,
        at: this.options.now().toISOString(),
        input: heldInput(origin, input),
      });
      work.messages.push(this.out.parking(held));
      return this.options.onOutcome('held');
    }
    if (work.refusal !== null) {
      // What this input decides cannot be written (ADR 0020): the purchase is parked with the broker's reason.
      const parked = work.appendParking({
        kind: 'parked',
        transactionId,
        at: this.options.now().toISOString(),
        error: work.refusal,
        attempts: 1,
        input: heldInput(origin, input),
      });
      work.messages.push(this.out.parking(parked));
      return this.options.onOutcome('parked');
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      try {
        const decision = decide(work.history(transactionId), input, this.options.settings);
        return this.record(work, transactionId, decision, origin);
      } catch (error) {
        lastError = error;
        this.options.onFailure(transactionId, error, attempt);
      }
    }
    const parked = work.appendParking({
      kind: 'parked',
      transactionId,
      at: this.options.now().toISOString(),
      error: describe(lastError),
      attempts: this.options.maxAttempts,
      input: heldInput(origin, input),
    });
    work.messages.push(this.out.parking(parked));
    this.options.onOutcome('parked');
  }

  private record(work: BatchWork, transactionId: string, decision: Decision, origin: Origin): void {
    this.options.onOutcome(decision.outcome);
    if (decision.outcome === 'duplicate') return;
    if (decision.events.length === 0) {
      const { code, reason, parameter } =
        decision.outcome === 'rejected'
          ? decision.rejection
          : { code: 'NO_EVENTS', reason: 'decision had no events', parameter: null };
      return this.reject(work, origin, code, reason, parameter, transactionId);
    }
    work.appendEvents(transactionId, decision.events);
    for (const event of decision.events) work.messages.push(this.out.event(event));
    const { causationId, occurredAt } = decision.events[0]!.metadata;
    decision.effects.forEach((effect, index) => {
      work.messages.push(...this.out.effect(transactionId, causationId, occurredAt, index, effect));
      if (effect.type === 'AlertOperations') {
        work.alerts.push({ transactionId, code: effect.code, message: effect.message });
      }
    });
  }

  private forward(work: BatchWork, transactionId: string, input: Record<string, unknown>): void {
    this.forwardRecord(work, transactionId, {
      kind: 'input',
      address: { transactionId },
      input: { ...input, kind: String(input.kind), id: String(input.id) },
    });
  }

  private forwardRecord(
    work: BatchWork,
    transactionId: string,
    record: Parameters<OutgoingRecords['forward']>[1],
  ): void {
    work.messages.push(this.out.forward(transactionId, record));
    this.options.onOutcome('forwarded');
  }

  private invalid(
    work: BatchWork,
    origin: Origin,
    failure: { parameter: string; message: string },
    transactionId: string | null,
  ): void {
    const { parameter, message } = failure;
    this.reject(work, origin, 'INVALID_INPUT', message, parameter, transactionId);
  }

  private reject(
    work: BatchWork,
    origin: Origin,
    code: string,
    reason: string,
    parameter: string | null,
    transactionId: string | null,
  ): void {
    const at = this.options.now().toISOString();
    const rejection = { code, reason, parameter };
    work.messages.push(
      this.out.rejected(origin.source, origin.value, rejection, transactionId, at),
    );
    this.options.onOutcome('invalid');
  }
}

function originOf(record: ConsumedRecord): Origin {
  return {
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
    },
    value: record.value,
  };
}

function heldInput(origin: Origin, input: unknown) {
  return { source: origin.source, value: JSON.stringify(input) };
}

function parseJson(value: Buffer | string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value.toString()) as unknown;
  } catch {
    return undefined;
  }
}

function transactionIdOf(json: unknown): string | null {
  const candidate = (json as { transactionId?: unknown } | null)?.transactionId;
  return typeof candidate === 'string' && candidate.length <= 64 ? candidate : null;
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'UNKNOWN', message: String(error) };
}
