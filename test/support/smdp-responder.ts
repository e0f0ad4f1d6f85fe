import type { Consumer, Kafka, Producer } from 'kafkajs';
import { purchaseEffectRecordSchema, type PurchaseEffectRecord } from '@mp/contracts';
import type { KafkaNames } from '@mp/event-log';
import { luhnCheckDigit } from '@mp/sim';

export interface ResponderOptions {
  /** ICCIDs are `89` + this prefix + a counter, Luhn-completed (19 digits). */
  readonly iccidPrefix: string;
  readonly smdpAddress?: string;
  /** After a directive is published for a profile, report the profile installed (as the SM-DP+ would). */
  readonly notifyInstalled?: boolean;
  /** Answer downloadOrder with this failure instead of a profile. */
  readonly failDownloadOrder?: { subjectCode: string; reasonCode: string };
  /** Answer ProvisionConnectivity effects at once (default true); false: the network stays silent. */
  readonly provisionConnectivity?: boolean;
}

/**
 * Answers the orchestrator's effect requests the way the SM-DP+ adapter and the network do, instantly: the same
 * result records on the inputs topic. Used where a test is about the orchestrator, not the SM-DP+.
 */
export class SmdpResponder {
  private consumer: Consumer | undefined;
  private readonly producer: Producer;
  private counter = 0;
  private readonly iccidOf = new Map<string, string>();
  readonly requests: PurchaseEffectRecord[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly names: KafkaNames,
    private readonly options: ResponderOptions,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    const consumer = this.kafka.consumer({
      groupId: `${this.names.groups.smdpAdapter}.responder`,
      maxWaitTimeInMs: 50,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.names.topics.purchaseEffects, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      // One send per fetched batch, in the batch's order: the answers of a partition stay in request order.
      eachBatch: async ({ batch }) => {
        const answers = batch.messages.flatMap((message) => {
          const record = purchaseEffectRecordSchema.parse(JSON.parse(message.value!.toString()));
          this.requests.push(record);
          const answer = this.answer(record);
          if (answer === null) return [];
          const address = answer.address as { transactionId?: string; iccid?: string };
          return [
            { key: address.transactionId ?? address.iccid ?? null, value: JSON.stringify(answer) },
          ];
        });
        if (answers.length === 0) return;
        await this.producer.send({
          topic: this.names.topics.purchaseInputs,
          acks: -1,
          messages: answers,
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer.disconnect();
  }

  private answer(record: PurchaseEffectRecord): Record<string, unknown> | null {
    const { effect, transactionId } = record;
    const base = { id: `answer:${record.effectId}`, at: new Date().toISOString() };
    const address = { transactionId };
    if (effect.type === 'PublishDirective') {
      const iccid = this.iccidOf.get(transactionId);
      if (!this.options.notifyInstalled || iccid === undefined) return null;
      const notification = {
        ...base,
        kind: 'downloadProgress',
        iccid,
        timestamp: base.at,
        notificationPointId: 4,
        notificationPointStatus: { status: 'Executed-Success' },
      };
      return { kind: 'input', address: { iccid }, input: notification };
    }
    if (effect.type === 'ProvisionConnectivity') {
      if (this.options.provisionConnectivity === false) return null;
      const input = {
        ...base,
        kind: 'connectivityResult',
        iccid: effect.iccid,
        outcome: 'provisioned',
      };
      return { kind: 'input', address, input };
    }
    if (effect.type !== 'SendEs2Request') return null;
    const call = {
      ...base,
      kind: 'smdpResult',
      function: effect.function,
      functionCallIdentifier: effect.functionCallIdentifier,
    };
    let outcome: Record<string, unknown> = { status: 'succeeded', response: {} };
    if (effect.function === 'downloadOrder') {
      outcome = this.options.failDownloadOrder
        ? { status: 'failed', ...this.options.failDownloadOrder }
        : { status: 'succeeded', response: { iccid: this.nextIccid(transactionId) } };
    } else if (effect.function === 'confirmOrder') {
      const response = {
        matchingId: `MATCH-${effect.request.iccid.slice(-6)}`,
        smdpAddress: this.options.smdpAddress ?? 'smdp.test.example',
      };
      outcome = { status: 'succeeded', response };
    }
    return { kind: 'input', address, input: { ...call, outcome } };
  }

  /** A late SM-DP+ "installed" notification (point 4) for a profile, as the adapter forwards it. */
  async reportInstalled(iccid: string): Promise<void> {
    const at = new Date().toISOString();
    const input = {
      id: `late-install:${iccid}:${at}`,
      at,
      kind: 'downloadProgress',
      iccid,
      timestamp: at,
      notificationPointId: 4,
      notificationPointStatus: { status: 'Executed-Success' },
    };
    await this.sendInput({ iccid }, input);
  }

  /** A late answer of the network to the purchase's ProvisionConnectivity. */
  async reportProvisioned(transactionId: string, iccid: string): Promise<void> {
    const at = new Date().toISOString();
    const input = { id: `late-network:${iccid}:${at}`, at, kind: 'connectivityResult', iccid };
    await this.sendInput({ transactionId }, { ...input, outcome: 'provisioned' });
  }

  private async sendInput(
    address: { transactionId: string } | { iccid: string },
    input: Record<string, unknown>,
  ): Promise<void> {
    const key = 'transactionId' in address ? address.transactionId : address.iccid;
    await this.producer.send({
      topic: this.names.topics.purchaseInputs,
      acks: -1,
      messages: [{ key, value: JSON.stringify({ kind: 'input', address, input }) }],
    });
  }

  private nextIccid(transactionId: string): string {
    this.counter += 1;
    const digits = String(this.counter).padStart(16 - this.options.iccidPrefix.length, '0');
    const body = `89${this.options.iccidPrefix}${digits}`;
    const iccid = body + luhnCheckDigit(body);
    this.iccidOf.set(transactionId, iccid);
    return iccid;
  }
}
