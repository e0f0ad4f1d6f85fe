import { isDeepStrictEqual } from 'node:util';
import { Partitioners, type Kafka } from 'kafkajs';
import type { PurchaseEvent } from '@mp/contracts';
import { type OutgoingMessage, type TopicNames } from '@mp/event-log';
import { digest64 } from '@mp/purchase-machine';
import { luhnCheckDigit } from '@mp/sim';
import { OutgoingRecords } from '../../apps/orchestrator/src/processing/outgoing-records';
import { decidePurchase, type PurchaseStep } from '../../apps/support/src/testing/decided-purchase';
import {
  ICCID,
  inputs,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';

// A large purchase event log written straight to the topic, for the orchestrator's restart e2e and start-up bench:
// histories the real purchase machine decided, in the records the orchestrator itself writes (OutgoingRecords),
// every purchase left waiting for the SM-DP+'s download notification, its timers due an hour or more from now.

/** The flows a preloaded purchase can be waiting in: inline (5 events) or the delayed download (8 events). */
export type AwaitingFlow = 'inline' | 'delayedProfile';

export interface PreloadedPurchase {
  readonly transactionId: string;
  /** The profile the SM-DP+ reserved for it: what its download notification names. */
  readonly iccid: string;
}

const steps: Record<AwaitingFlow, (t: ReturnType<typeof inputs>, iccid: string) => PurchaseStep[]> =
  {
    inline: (t, iccid) => [t.completed('inline'), t.reserved(iccid), t.confirmed()],
    delayedProfile: (t, iccid) => [
      t.completed('delayedProfile'),
      t.reserved(iccid),
      t.confirmed(),
      t.timerFired(),
      t.released(),
    ],
  };

const TEMPLATE = 'preload-template-purchase';
const TEMPLATE_DIGEST = digest64(TEMPLATE);

/** A 19-digit ICCID (Luhn) of its own per serial, outside the fixtures' (8988247000…). */
export function preloadIccid(serial: number): string {
  const body = `89882471${String(serial).padStart(10, '0')}`;
  return body + luhnCheckDigit(body);
}

/**
 * The records of one flow's history for any purchase. Deciding every purchase through the machine runs at a few
 * hundred purchases a second, too slow for 100,000: the machine decides one template purchase, and each purchase's
 * records are the template's with the template's transactionId (in ids, timer ids, causations), its digest (in
 * functionCallIdentifiers) and its ICCID replaced. The first purchase is also decided for real and must match.
 */
export class AwaitingDownloadLog {
  private readonly template: readonly OutgoingMessage[];
  private checked = false;

  constructor(
    private readonly topics: TopicNames,
    private readonly flow: AwaitingFlow,
    private readonly t0 = new Date().toISOString(),
  ) {
    this.template = this.decided({ transactionId: TEMPLATE, iccid: ICCID }).map((event) =>
      new OutgoingRecords(topics).event(event),
    );
  }

  get eventsPerPurchase(): number {
    return this.template.length;
  }

  messages(purchase: PreloadedPurchase): OutgoingMessage[] {
    const digest = digest64(purchase.transactionId);
    const swap = (text: string) =>
      text
        .replaceAll(TEMPLATE, purchase.transactionId)
        .replaceAll(TEMPLATE_DIGEST, digest)
        .replaceAll(ICCID, purchase.iccid);
    const messages = this.template.map((message) => ({
      ...message,
      key: purchase.transactionId,
      value: swap(message.value),
      headers: Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, swap(value)]),
      ),
    }));
    if (!this.checked) {
      const real = this.decided(purchase);
      const copied = messages.map((message) => JSON.parse(message.value) as PurchaseEvent);
      if (!isDeepStrictEqual(real, copied))
        throw new Error(
          `the copied history of ${purchase.transactionId} is not what the machine decides`,
        );
      this.checked = true;
    }
    return messages;
  }

  private decided(purchase: PreloadedPurchase): PurchaseEvent[] {
    const t = inputs(purchase.transactionId, this.t0);
    return decidePurchase(steps[this.flow](t, purchase.iccid), seedSettings).history;
  }
}

/**
 * Writes the purchases' histories to the event log, keyed (and so partitioned) as the orchestrator writes them.
 * Resolves with the number of records written.
 */
export async function preloadPurchaseLog(
  kafka: Kafka,
  log: AwaitingDownloadLog,
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
      const topic = messages[0]?.topic;
      if (topic === undefined) return;
      // A few sends at once keep the broker busy.
      const sending = producer.send({ topic, acks: -1, messages }).then(() => {
        written += messages.length;
        inFlight.delete(sending);
      });
      inFlight.add(sending);
      if (inFlight.size >= 4) await Promise.race(inFlight);
    };
    // Concurrent sends may land out of order, so a purchase's events always go in one batch (a history is never
    // reordered); a caller that needs some purchases after all others writes them with a second call.
    let bytes = 0;
    for (const purchase of purchases) {
      const messages = log.messages(purchase);
      batch.push(...messages);
      bytes += messages.reduce((sum, message) => sum + message.value.length, 0);
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
