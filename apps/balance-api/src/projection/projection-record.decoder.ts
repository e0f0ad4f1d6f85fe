import {
  balanceAdjustmentSchema,
  parsePurchaseEvent,
  usageEventSchema,
  type BalanceAdjustment,
  type PurchaseEvent,
  type UsageEvent,
} from '@mp/contracts';
import { schemaRejection, type Decoded } from '@mp/event-log';

/** A record of either projected topic, read. */
export type BalanceInput =
  | { readonly kind: 'purchaseEvent'; readonly event: PurchaseEvent }
  | { readonly kind: 'usage'; readonly usage: UsageEvent }
  | { readonly kind: 'adjustment'; readonly adjustment: BalanceAdjustment };

export type ProjectedTopic = 'purchaseEvents' | 'usage' | 'balanceAdjustments';

/** Reads one JSON record of the purchase event log, the usage or the adjustments topic. Never throws (G8). */
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
    case 'balanceAdjustments': {
      const parsed = balanceAdjustmentSchema.safeParse(json);
      if (parsed.success)
        return { kind: 'apply', value: { kind: 'adjustment', adjustment: parsed.data } };
      // Keyed by ICCID too; a refund names a purchase, but a rejected one may name anything.
      const why = schemaRejection(
        'INVALID_BALANCE_ADJUSTMENT',
        parsed.error.issues,
        'invalid balance adjustment',
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
