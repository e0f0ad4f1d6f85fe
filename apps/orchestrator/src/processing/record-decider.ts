import {
  maxExternalEventBytes,
  provisioningResultSchema,
  purchaseInputRecordSchema,
  validatePortalEvent,
  validateWith,
  type PurchaseInput,
  type PurchaseSettingsInput,
  type RedriveRecord,
  type RoutedInputRecord,
} from '@mp/contracts';
import { ROOT_CONTEXT, SpanKind, type Tracer } from '@opentelemetry/api';
import {
  DEFAULT_MAX_RECORD_BYTES,
  inSpan,
  kafkaRecordAttributes,
  recordSize,
  screenRecord,
  traceContextFrom,
  type ConsumedRecord,
  type TopicNames,
  type TransactionPlan,
} from '@mp/event-log';
import { tagActiveSpanTransaction } from '@mp/platform';
import {
  admitInput,
  decideFrom,
  type AdmittedInput,
  type DeciderState,
  type Decision,
} from '@mp/purchase-machine';
import { snapshotMessage } from '../state/changelog-records';
import { toSnapshot } from '../state/purchase-entry';
import type { PendingTimer, PurchaseStore } from '../state/purchase-store';
import { BatchWork } from './batch-work';
import { DecisionRecords } from './decision-records';
import { InputRejections } from './input-rejections';
import { OutgoingRecords } from './outgoing-records';
import { describeError, originOf, ParkingPolicy, type Origin } from './parking.policy';
import { provisioningResultInput } from './provisioning-result.input';
import { recordJson, transactionIdOf } from './record-json';

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
  /** A span per decided input, child of the input's trace (ADR 0024); the machine itself stays untraced. */
  readonly tracer: Tracer;
}

/**
 * Turns input records into one transaction's worth of records. Every record ends in exactly one place: a decision
 * appended to its purchase, a forward to the purchase's partition, a rejection with a reason (G8) or the parking
 * of its purchase (G7, parking.policy.ts). Decisions themselves are the pure purchase machine's, from inputs
 * validated once here and passed on typed.
 */
export class RecordDecider {
  private readonly out: OutgoingRecords;
  private readonly parking: ParkingPolicy;
  private readonly decisions: DecisionRecords;
  private readonly reject: InputRejections['reject'];
  private readonly invalid: InputRejections['invalid'];

  constructor(
    private readonly store: PurchaseStore,
    private readonly options: DeciderOptions,
  ) {
    this.out = new OutgoingRecords(options.topics);
    this.parking = new ParkingPolicy(this.out, options);
    this.decisions = new DecisionRecords(this.out, options.tracer, options.topics.directives);
    const rejections = new InputRejections(this.out, options);
    this.reject = rejections.reject.bind(rejections);
    this.invalid = rejections.invalid.bind(rejections);
  }

  decideBatch(partition: number, records: readonly ConsumedRecord[]): TransactionPlan {
    const work = new BatchWork(this.store, partition);
    for (const record of records) {
      inSpan(
        this.options.tracer,
        'orchestrator decide',
        {
          kind: SpanKind.CONSUMER,
          parent: traceContextFrom(record.headers),
          attributes: kafkaRecordAttributes(record),
        },
        () => this.guarded(work, record),
      );
    }
    return this.plan(work);
  }

  /**
   * The broker refused what this record's decision writes, even on its own (ADR 0026): its purchase is parked with
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

  decideTimer(timer: PendingTimer): TransactionPlan {
    const work = new BatchWork(this.store, timer.partition);
    const at = this.options.now().toISOString();
    const input: PurchaseInput = {
      kind: 'timerFired',
      id: `timer:${timer.timerId}`,
      at,
      transactionId: timer.transactionId,
      timerId: timer.timerId,
    };
    const source = { topic: 'scheduler', partition: timer.partition, offset: '0', key: null };
    inSpan(this.options.tracer, 'orchestrator decide timer', { parent: ROOT_CONTEXT }, () =>
      this.decideFor(
        work,
        timer.transactionId,
        { ok: true, input },
        { source, value: JSON.stringify(input) },
      ),
    );
    work.timerDone(timer.transactionId, timer.timerId);
    return this.plan(work);
  }

  private plan(work: BatchWork): TransactionPlan {
    const { purchaseSnapshots } = this.options.topics;
    // Each purchase changed, as the commit leaves it: the changelog a new owner restores from (ADR 0032).
    const snapshots = work
      .entriesAfter()
      .map((entry) => snapshotMessage(purchaseSnapshots, work.partition, toSnapshot(entry)));
    return {
      messages: snapshots.length === 0 ? work.messages : [...work.messages, ...snapshots],
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
      const { message } = describeError(error);
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
    if (record.topic === this.options.topics.provisioningResults) {
      return this.provisioningResult(work, record, origin, json);
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
    // Validated once, here: the machine decides from the parsed event, not from the record's JSON again.
    const event = parsed.value;
    const input = {
      kind: 'portalEvent' as const,
      id: event.eventId,
      at: new Date(timeMs).toISOString(),
      event,
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
      { ok: true, input: { ...input, transactionId: event.transactionId } },
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
    this.routedInput(work, record, origin, value);
  }

  /**
   * A provisioning system's result (docs/contracts.md section 7): routed by ICCID, as the SM-DP+'s notifications
   * are, as the `connectivityResult` input of the request it answers. A result whose purchase is not the one
   * holding the ICCID is rejected with its reason.
   */
  private provisioningResult(
    work: BatchWork,
    record: ConsumedRecord,
    origin: Origin,
    json: unknown,
  ): void {
    const bytes = record.value === null ? 0 : Buffer.byteLength(record.value);
    if (bytes > maxExternalEventBytes) {
      const reason = `the record is ${bytes} bytes, more than ${maxExternalEventBytes}`;
      return this.reject(work, origin, 'RECORD_TOO_LARGE', reason, null, null);
    }
    const parsed = validateWith(provisioningResultSchema, json);
    if (!parsed.ok) return this.invalid(work, origin, parsed, transactionIdOf(json));
    const result = parsed.value;
    const owner = work.ownerOfIccid(result.iccid);
    if (owner !== null && owner !== result.transactionId) {
      const reason = `ICCID ${result.iccid} belongs to another purchase than ${result.transactionId}`;
      return this.reject(work, origin, 'TRANSACTION_MISMATCH', reason, 'transactionId', null);
    }
    this.routedInput(work, record, origin, provisioningResultInput(result));
  }

  private routedInput(
    work: BatchWork,
    record: ConsumedRecord,
    origin: Origin,
    value: RoutedInputRecord,
  ): void {
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
    // The record's input is loose (its producers only address it): validated once here, as a purchase input.
    this.decideFor(work, transactionId, admitInput({ ...value.input, transactionId }), origin);
  }

  private redrive(work: BatchWork, command: RedriveRecord, origin: Origin): void {
    const released = this.parking.release(work, command);
    if (!released.ok) {
      const { transactionId } = command;
      return this.reject(
        work,
        origin,
        'NOT_PARKED',
        released.reason,
        'transactionId',
        transactionId,
      );
    }
    for (const held of released.held) {
      this.decideFor(work, command.transactionId, admitInput(recordJson(held.value)), held);
    }
  }

  /** Runs the machine for one input of one purchase, or holds the input while the purchase is parked. */
  private decideFor(
    work: BatchWork,
    transactionId: string,
    admitted: AdmittedInput,
    origin: Origin,
  ): void {
    tagActiveSpanTransaction(transactionId);
    const input = admitted.ok ? admitted.input : admitted.raw;
    if (this.parking.hold(work, transactionId, input, origin)) return;
    // What this input decides cannot be written (ADR 0026): the purchase is parked with the broker's reason.
    if (work.refusal !== null)
      return this.parking.parkRefused(work, transactionId, input, origin, work.refusal);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      try {
        // The purchase's kept state, not its history: nothing is folded again (ADR 0031).
        const state = work.state(transactionId);
        const decision = decideFrom(state, admitted, this.options.settings);
        return this.record(work, transactionId, state, decision, origin);
      } catch (error) {
        lastError = error;
        this.options.onFailure(transactionId, error, attempt);
      }
    }
    const failure = { error: lastError, attempts: this.options.maxAttempts };
    this.parking.park(work, transactionId, input, origin, failure);
  }

  private record(
    work: BatchWork,
    transactionId: string,
    before: DeciderState,
    decision: Decision,
    origin: Origin,
  ): void {
    this.options.onOutcome(decision.outcome);
    if (decision.outcome === 'duplicate') return;
    if (decision.events.length === 0) {
      const { code, reason, parameter } =
        decision.outcome === 'rejected'
          ? decision.rejection
          : { code: 'NO_EVENTS', reason: 'decision had no events', parameter: null };
      return this.reject(work, origin, code, reason, parameter, transactionId);
    }
    this.decisions.write(work, transactionId, before, decision);
  }

  private forward(work: BatchWork, transactionId: string, input: Record<string, unknown>): void {
    tagActiveSpanTransaction(transactionId);
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
}
