import {
  parsePurchaseEvent,
  usageEventSchema,
  type PurchaseEvent,
  type UsageEvent,
} from '@mp/contracts';
import { schemaRejection, type Decoded } from '@mp/event-log';

/** A record of either projected topic, read. */
export type BalanceInput =
  | { readonly kind: 'purchaseEvent'; readonly event: PurchaseEvent }
  | { readonly kind: 'usage'; readonly usage: UsageEvent };

export type ProjectedTopic = 'purchaseEvents' | 'usage';

/** Reads one JSON record of the purchase event log or of the usage topic. Never throws (G8). */
export function decodeBalanceRecord(topic: ProjectedTopic, json: unknown): Decoded<BalanceInput> {
  switch (topic) {
    case 'purchaseEvents': {
      const parsed = parsePurchaseEvent(json);
      if (parsed.ok)
        return { kind: 'apply', value: { kind: 'purchaseEvent', event: parsed.event } };
      return {
        kind: 'reject',
        ...schemaRejection('INVALID_PURCHASE_EVENT', parsed.issues, parsed.reason, json),
      };
    }
    case 'usage': {
      const parsed = usageEventSchema.safeParse(json);
      if (parsed.success) return { kind: 'apply', value: { kind: 'usage', usage: parsed.data } };
      // Usage is keyed by ICCID: no purchase to name.
      const why = schemaRejection(
        'INVALID_USAGE_EVENT',
        parsed.error.issues,
        'invalid usage event',
        null,
      );
      return { kind: 'reject', ...why };
    }
    default: {
      const _exhaustive: never = topic;
      return _exhaustive;
    }
  }
}
