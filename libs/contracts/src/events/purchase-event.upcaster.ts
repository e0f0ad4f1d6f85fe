import { type z } from 'zod';
import { upcastDirectiveIssuedV1, upcastDirectiveIssuedV2 } from './directive-issued.upcaster';
import { directiveIssuedV1Schema } from './directive-issued.v1';
import { directiveIssuedV2Schema } from './directive-issued.v2';
import { currentPurchaseEventSchema, type PurchaseEvent } from './purchase-event.schema';

export type ParsedPurchaseEvent =
  | { readonly ok: true; readonly event: PurchaseEvent }
  | { readonly ok: false; readonly reason: string; readonly issues: readonly z.core.$ZodIssue[] };

/**
 * Reads one stored event (JSON already parsed) into its current version. Old versions are upcast here, so the
 * machine only ever sees current shapes.
 */
export function parsePurchaseEvent(raw: unknown): ParsedPurchaseEvent {
  if (isVersion(raw, 'DirectiveIssued', 1)) {
    const old = directiveIssuedV1Schema.safeParse(raw);
    return old.success
      ? { ok: true, event: upcastDirectiveIssuedV1(old.data) }
      : { ok: false, reason: 'invalid DirectiveIssued v1', issues: old.error.issues };
  }
  if (isVersion(raw, 'DirectiveIssued', 2)) {
    const old = directiveIssuedV2Schema.safeParse(raw);
    return old.success
      ? { ok: true, event: upcastDirectiveIssuedV2(old.data) }
      : { ok: false, reason: 'invalid DirectiveIssued v2', issues: old.error.issues };
  }
  const current = currentPurchaseEventSchema.safeParse(raw);
  return current.success
    ? { ok: true, event: current.data }
    : { ok: false, reason: 'invalid purchase event', issues: current.error.issues };
}

function isVersion(raw: unknown, type: string, version: number): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const candidate = raw as { type?: unknown; metadata?: { schemaVersion?: unknown } };
  return candidate.type === type && candidate.metadata?.schemaVersion === version;
}
