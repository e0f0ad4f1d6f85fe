import { randomUUID } from 'node:crypto';
import type { PurchaseEvent } from '@mp/contracts';
import { luhnCheckDigit } from '@mp/sim';
import type { LogAudit } from './log-audit';
import { portalEvents } from './portal-events';

/** The ICCID balance additions credit. */
export const CREDITED_ICCID = `894401000000000007${luhnCheckDigit('894401000000000007')}`;

/** A mix of flows: ES2+ orders through the real adapter and simulator, balance additions, cancellations. */
export function purchaseMix(count: number, prefix: string): Map<string, Record<string, unknown>> {
  const events = new Map<string, Record<string, unknown>>();
  for (let index = 0; index < count; index += 1) {
    const transactionId = `${prefix}-${index}-${randomUUID().slice(0, 8)}`;
    const kind = index % 4;
    events.set(
      transactionId,
      kind < 2
        ? portalEvents.inline(transactionId)
        : kind === 2
          ? portalEvents.balanceAddition(transactionId, CREDITED_ICCID)
          : portalEvents.cancelled(transactionId),
    );
  }
  return events;
}

/** Settled: a directive issued (an order's purchase then waits for the device), or cancelled. */
export function settled(
  history: readonly PurchaseEvent[] | undefined,
  event: Record<string, unknown>,
): boolean {
  if (history === undefined) return false;
  if (event.type === 'PurchaseCancelled')
    return history.some((e) => e.type === 'PurchaseCancelled');
  return history.some((e) => e.type === 'DirectiveIssued');
}

/** Sends the events in groups of ten a quarter of a second apart, each until it is accepted. */
export async function sendInGroups(
  events: ReadonlyMap<string, Record<string, unknown>>,
  accept: (event: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const list = [...events.values()];
  for (let start = 0; start < list.length; start += 10) {
    await Promise.all(list.slice(start, start + 10).map((event) => accept(event)));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Every accepted purchase decided exactly once (G2, G4): the log keeps its invariants, each purchase was accepted
 * (or cancelled) once and settled, one DownloadOrder effect per inline purchase, and the simulator saw one order
 * per purchase (a retried call repeats its functionCallIdentifier). `orderIds` are the identifiers it saw.
 */
export function expectDecidedOnce(
  audit: LogAudit,
  events: ReadonlyMap<string, Record<string, unknown>>,
  orderIds: readonly (string | undefined)[],
): void {
  expect(audit.violations).toEqual([]);
  for (const [transactionId, event] of events) {
    const history = audit.histories.get(transactionId) ?? [];
    expect([
      transactionId,
      history.filter((e) => e.type === 'PurchaseAccepted' || e.type === 'PurchaseCancelled').length,
    ]).toEqual([transactionId, 1]);
    expect([transactionId, settled(history, event)]).toEqual([transactionId, true]);
  }
  const inline = [...events.values()].filter((event) => event.flow === 'inline').length;
  const orders = audit.effects.filter(
    (record) =>
      record.effect.type === 'SendEs2Request' && record.effect.function === 'downloadOrder',
  );
  expect(orders).toHaveLength(inline);
  expect(new Set(orderIds).size).toBe(inline);
}

/** The transaction ids not settled yet in the audited log. */
export function unsettled(
  audit: LogAudit,
  events: ReadonlyMap<string, Record<string, unknown>>,
): string[] {
  return [...events]
    .filter(([transactionId, event]) => !settled(audit.histories.get(transactionId), event))
    .map(([transactionId]) => transactionId);
}
