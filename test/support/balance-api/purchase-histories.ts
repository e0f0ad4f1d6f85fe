import { Kafka, Partitioners, type Producer } from 'kafkajs';
import type { PurchaseEvent, PurchaseInput } from '@mp/contracts';
import { Headers, RecordKinds, kafkaNames } from '@mp/event-log';
import { decide, fold } from '@mp/purchase-machine';
import { referenceLuhnDigit } from '../../../libs/sim/src/testing/sim.arbitraries';

export const EID = '89033023422130000000000199055797';

/** A valid ICCID: `body` (18 or 19 digits, 89…) and its Luhn digit. */
export const iccidOf = (body: string): string => body + referenceLuhnDigit(body);

export interface PlanSpec {
  readonly dataMB: number;
  readonly validity: string;
  readonly locations: readonly string[];
  readonly balanceType?: 'MODIRECTPAYG' | 'MODIRECT';
}

const settings = { defaultProfileType: 'MP-DEFAULT' };
const metadata = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'Complete',
  planName: 'Test plan',
} as const;

/**
 * Realistic purchase histories, produced by the purchase machine's own `decide` (as the orchestrator would):
 * each input at `at` plus one second per step.
 */
export class HistoryBuilder {
  private history: PurchaseEvent[] = [];
  private step = 0;

  constructor(
    readonly transactionId: string,
    private readonly startMs: number,
  ) {}

  get events(): readonly PurchaseEvent[] {
    return this.history;
  }

  balanceAddition(iccid: string, plan: PlanSpec): this {
    return this.portal({
      type: 'PurchaseCompleted',
      flow: 'balanceAddition',
      iccid,
      ...this.planFields(plan),
    });
  }

  inlinePurchase(plan: PlanSpec): this {
    return this.portal({
      type: 'PurchaseCompleted',
      flow: 'inline',
      eid: EID,
      ...this.planFields(plan),
    });
  }

  cancel(): this {
    return this.portal({
      type: 'PurchaseCancelled',
      purchaseMetadata: { userAccount: 'New', planName: '' },
    });
  }

  reserved(iccid: string): this {
    return this.smdp('downloadOrder', { status: 'succeeded', response: { iccid } });
  }

  confirmed(): this {
    return this.smdp('confirmOrder', {
      status: 'succeeded',
      response: { matchingId: 'MATCH-1', smdpAddress: 'smdp.example.com' },
    });
  }

  installed(iccid: string): this {
    return this.apply({
      ...this.next(),
      kind: 'downloadProgress',
      iccid,
      timestamp: new Date(this.startMs).toISOString(),
      notificationPointId: 4,
      notificationPointStatus: { status: 'Executed-Success' },
    } as PurchaseInput);
  }

  /** The whole eSIM journey: ordered, confirmed and released, then installed on the device. */
  completedInline(iccid: string, plan: PlanSpec): this {
    return this.inlinePurchase(plan).reserved(iccid).confirmed().installed(iccid);
  }

  private planFields(plan: PlanSpec) {
    return {
      purchaseMetadata: metadata,
      plan: {
        planId: 'plan-test',
        balanceType: plan.balanceType ?? 'MODIRECTPAYG',
        dataMB: plan.dataMB,
        validity: plan.validity,
        locations: [...plan.locations],
      },
    };
  }

  private next() {
    this.step += 1;
    const at = new Date(this.startMs + (this.step - 1) * 1000).toISOString();
    return { id: `${this.transactionId}-in-${this.step}`, at, transactionId: this.transactionId };
  }

  private portal(event: Record<string, unknown>): this {
    const base = this.next();
    return this.apply({
      ...base,
      kind: 'portalEvent',
      event: { eventId: base.id, transactionId: this.transactionId, occurredAt: base.at, ...event },
    } as PurchaseInput);
  }

  private smdp(fn: 'downloadOrder' | 'confirmOrder', outcome: Record<string, unknown>): this {
    const pending = fold(this.history).context.pending[fn];
    return this.apply({
      ...this.next(),
      kind: 'smdpResult',
      function: fn,
      functionCallIdentifier: pending ?? 'none',
      outcome,
    } as PurchaseInput);
  }

  private apply(input: PurchaseInput): this {
    const decision = decide(this.history, input, settings);
    if (decision.outcome !== 'accepted') {
      throw new Error(`input ${input.kind} was ${decision.outcome}: ${JSON.stringify(decision)}`);
    }
    this.history = [...this.history, ...decision.events];
    return this;
  }
}

/** Writes records to an isolated namespace's purchase event log and usage topic, as the producers do. */
export class TopicWriter {
  private readonly producer: Producer;
  private readonly names;

  constructor(brokers: readonly string[], namespace: string) {
    this.names = kafkaNames(namespace);
    this.producer = new Kafka({ clientId: 'balance-tests', brokers: [...brokers] }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async purchaseEvents(events: readonly PurchaseEvent[]): Promise<void> {
    await this.producer.send({
      topic: this.names.topics.purchaseEvents,
      messages: events.map((event) => ({
        key: event.metadata.transactionId,
        value: JSON.stringify(event),
        headers: { [Headers.recordKind]: RecordKinds.event, [Headers.eventType]: event.type },
      })),
    });
  }

  async raw(
    topic: 'purchaseEvents' | 'usage' | 'balanceAdjustments',
    key: string,
    value: string,
    headers: Record<string, string> = {},
  ): Promise<void> {
    await this.producer.send({
      topic: this.names.topics[topic],
      messages: [{ key, value, headers }],
    });
  }

  async usage(event: {
    eventId: string;
    iccid: string;
    location: string;
    usedMB: number;
    occurredAt: string;
  }): Promise<void> {
    await this.raw('usage', event.iccid, JSON.stringify(event));
  }

  /** A balance adjustment (ADR 0020) as the charging system puts it on its topic, keyed by ICCID. */
  async adjustment(
    adjustment: { readonly iccid: string } & Record<string, unknown>,
  ): Promise<void> {
    await this.raw('balanceAdjustments', adjustment.iccid, JSON.stringify(adjustment));
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
