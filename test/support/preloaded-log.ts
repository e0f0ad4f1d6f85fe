import { isDeepStrictEqual } from 'node:util';
import { Partitioners, type Kafka, type TopicMessages } from 'kafkajs';
import type { PurchaseEvent } from '@mp/contracts';
import { type OutgoingMessage, type TopicNames } from '@mp/event-log';
import { digest64 } from '@mp/purchase-machine';
import { luhnCheckDigit } from '@mp/sim';
import { OutgoingRecords } from '../../apps/orchestrator/src/processing/outgoing-records';
import {
  decidePurchase,
  type Decided,
  type PurchaseStep,
} from '../../apps/support/src/testing/decided-purchase';
import {
  ICCID,
  inputs,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';

// A large log written straight to the topics, for the orchestrator's restart e2e and the start-up and projection
// rebuild benches: histories the real purchase machine decided, in the records the orchestrator itself writes
// (OutgoingRecords). A purchase left waiting for the SM-DP+'s download notification has its timers due an hour or
// more from now.

/**
 * The history a preloaded purchase has: waiting for its download notification, inline (5 events) or delayed
 * download (8 events); or whole: an inline purchase installed on the device, a balance addition, a cancelled one.
 */
export type PreloadedFlow =
  'inline' | 'delayedProfile' | 'inlineInstalled' | 'balanceAddition' | 'cancelled';

export interface PreloadedPurchase {
  readonly transactionId: string;
  /** The profile the SM-DP+ reserved for it (what its download notification names), or the SIM topped up. */
  readonly iccid: string;
}

export interface PreloadOptions {
  /** Also each decision's effect records, as the orchestrator writes them beside its events. */
  readonly effects?: boolean;
  /** Also one usage event of this many MB per purchase that credits its SIM, on the usage topic (keyed by ICCID). */
  readonly usageMB?: number;
}

type Input = ReturnType<typeof inputs>;

const steps: Record<PreloadedFlow, (t: Input, iccid: string) => PurchaseStep[]> = {
  inline: (t, iccid) => [t.completed('inline'), t.reserved(iccid), t.confirmed()],
  delayedProfile: (t, iccid) => [
    t.completed('delayedProfile'),
    t.reserved(iccid),
    t.confirmed(),
    t.timerFired(),
    t.released(),
  ],
  inlineInstalled: (t, iccid) => [
    t.completed('inline'),
    t.reserved(iccid),
    t.confirmed(),
    t.progress(3, 'Executed-Success', iccid),
    t.progress(4, 'Executed-Success', iccid),
  ],
  balanceAddition: (t, iccid) => [t.completed('balanceAddition', { iccid })],
  cancelled: (t) => [t.cancelled()],
};

/** The flows whose purchase puts its plan on the SIM. */
const crediting: ReadonlySet<PreloadedFlow> = new Set(['inlineInstalled', 'balanceAddition']);

const TEMPLATE = 'preload-template-purchase';
const TEMPLATE_DIGEST = digest64(TEMPLATE);

/** A 19-digit ICCID (Luhn) of its own per serial, outside the fixtures' (8988247000…). */
export function preloadIccid(serial: number): string {
  const body = `89882471${String(serial).padStart(10, '0')}`;
  return body + luhnCheckDigit(body);
}

/**
 * The records of purchases of the given flows, taken in turn (the n-th purchase written has the n-th flow of the
 * mix, round the list). Deciding every purchase through the machine runs at a few hundred purchases a second, too
 * slow for 100,000: the machine decides one template purchase per flow, and each purchase's records are the
 * template's with the template's transactionId (in ids, timer ids, causations), its digest (in
 * functionCallIdentifiers) and its ICCID replaced. The first purchase of each flow is also decided for real and
 * must match.
 */
export class PreloadedHistoryLog {
  private readonly mix: readonly PreloadedFlow[];
  private readonly templates = new Map<PreloadedFlow, readonly OutgoingMessage[]>();
  private readonly checked = new Set<PreloadedFlow>();
  private readonly out: OutgoingRecords;
  private written = 0;

  constructor(
    private readonly topics: TopicNames,
    flows: PreloadedFlow | readonly PreloadedFlow[],
    private readonly options: PreloadOptions = {},
    private readonly t0 = new Date().toISOString(),
  ) {
    this.mix = typeof flows === 'string' ? [flows] : flows;
    this.out = new OutgoingRecords(topics);
    for (const flow of this.mix) {
      this.templates.set(flow, this.records(flow, { transactionId: TEMPLATE, iccid: ICCID }));
    }
  }

  /** Purchase events per purchase, on average over the mix. */
  get eventsPerPurchase(): number {
    const events = this.mix.map(
      (flow) =>
        this.templates.get(flow)!.filter((message) => message.topic === this.topics.purchaseEvents)
          .length,
    );
    return events.reduce((sum, count) => sum + count, 0) / events.length;
  }

  messages(purchase: PreloadedPurchase): OutgoingMessage[] {
    const flow = this.mix[this.written % this.mix.length]!;
    this.written += 1;
    const digest = digest64(purchase.transactionId);
    const swap = (text: string) =>
      text
        .replaceAll(TEMPLATE, purchase.transactionId)
        .replaceAll(TEMPLATE_DIGEST, digest)
        .replaceAll(ICCID, purchase.iccid);
    const messages = this.templates.get(flow)!.map(({ headers, ...message }) => ({
      ...message,
      key: swap(message.key),
      value: message.value === null ? null : swap(message.value),
      ...(headers === undefined
        ? {}
        : {
            headers: Object.fromEntries(
              Object.entries(headers).map(([name, value]) => [name, swap(value)]),
            ),
          }),
    }));
    if (!this.checked.has(flow)) {
      if (!isDeepStrictEqual(this.records(flow, purchase), messages))
        throw new Error(
          `the copied ${flow} history of ${purchase.transactionId} is not what the machine decides`,
        );
      this.checked.add(flow);
    }
    return messages;
  }

  private records(flow: PreloadedFlow, purchase: PreloadedPurchase): OutgoingMessage[] {
    const t = inputs(purchase.transactionId, this.t0);
    const { decisions, history } = decidePurchase(steps[flow](t, purchase.iccid), seedSettings);
    const records = decisions.flatMap((decision) => this.decisionRecords(decision, history));
    const { usageMB } = this.options;
    if (usageMB !== undefined && crediting.has(flow)) {
      const last = Date.parse(history.at(-1)!.metadata.occurredAt);
      records.push(this.usage(purchase, usageMB, new Date(last + 60_000).toISOString()));
    }
    return records;
  }

  /** A decision's records in the order the orchestrator writes them: its events, then its effects. */
  private decisionRecords(decision: Decided, history: readonly PurchaseEvent[]): OutgoingMessage[] {
    const events = decision.events.map((event) => this.out.event(event));
    const first = decision.events[0];
    if (this.options.effects !== true || first === undefined) return events;
    const { transactionId, causationId, occurredAt } = first.metadata;
    const accepted = history.find((event) => event.type === 'PurchaseAccepted');
    const purchase = accepted?.type === 'PurchaseAccepted' ? accepted.data : null;
    return [
      ...events,
      ...decision.effects.flatMap((effect, index) =>
        this.out.effect(transactionId, causationId, occurredAt, index, effect, purchase),
      ),
    ];
  }

  private usage(purchase: PreloadedPurchase, usedMB: number, occurredAt: string): OutgoingMessage {
    const usage = {
      eventId: `${purchase.transactionId}-usage-1`,
      iccid: purchase.iccid,
      location: 'US',
      usedMB,
      occurredAt,
    };
    return { topic: this.topics.usage, key: purchase.iccid, value: JSON.stringify(usage) };
  }
}

/**
 * Writes the purchases' records, keyed (and so partitioned) as the orchestrator writes them. Resolves with the
 * number of records written.
 */
export async function preloadPurchaseLog(
  kafka: Kafka,
  log: PreloadedHistoryLog,
  purchases: Iterable<PreloadedPurchase>,
): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let written = 0;
  try {
    let batch: OutgoingMessage[] = [];
    const inFlight = new Set<Promise<unknown>>();
    const flush = async () => {
      const messages = batch;
      batch = [];
      if (messages.length === 0) return;
      // A few sends at once keep the broker busy.
      const sending = producer
        .sendBatch({ acks: -1, topicMessages: byTopic(messages) })
        .then(() => {
          written += messages.length;
          inFlight.delete(sending);
        });
      inFlight.add(sending);
      if (inFlight.size >= 4) await Promise.race(inFlight);
    };
    // Concurrent sends may land out of order, so a purchase's records always go in one batch (a history is never
    // reordered); a caller that needs some purchases after all others writes them with a second call.
    let bytes = 0;
    for (const purchase of purchases) {
      const messages = log.messages(purchase);
      batch.push(...messages);
      bytes += messages.reduce((sum, message) => sum + (message.value?.length ?? 0), 0);
      // A send is one record batch per partition: all of it may go to one, under message.max.bytes (1 MiB).
      if (bytes >= 512 * 1024) {
        bytes = 0;
        await flush();
      }
    }
    await flush();
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return written;
}

/** The messages per topic, each topic's in the order given. */
function byTopic(messages: readonly OutgoingMessage[]): TopicMessages[] {
  const topics = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const list = topics.get(message.topic) ?? [];
    list.push(message);
    topics.set(message.topic, list);
  }
  return [...topics].map(([topic, list]) => ({
    topic,
    messages: list.map(({ topic: _topic, ...message }) => message),
  }));
}
