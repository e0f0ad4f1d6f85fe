import { styleText } from 'node:util';
import type { Divergence, FleetReport } from '../replay/fleet-verify';
import type { Replay, ReplayStep } from '../replay/replay.types';

type Format = Parameters<typeof styleText>[0];

/** Colours only for a terminal (and never with NO_COLOR); the text is the same either way. */
export interface Painter {
  (format: Format, text: string): string;
}

export const painter =
  (colour: boolean): Painter =>
  (format, text) =>
    colour ? styleText(format, text) : text;

export interface HistoryEvent {
  readonly sequence: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly causationId: string;
  readonly kafka: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly data: unknown;
}

export interface PurchaseLine {
  readonly transactionId: string;
  readonly flow: string | null;
  readonly state: string | null;
  readonly startedAt: string | null;
  readonly eventCount: number;
  readonly parked: unknown;
  readonly waitingOnTimer: { readonly dueAt: string | null } | null;
}

export function formatHistory(
  transactionId: string,
  events: readonly HistoryEvent[],
  paint: Painter,
): string {
  const lines = [paint('bold', `${transactionId}: ${events.length} events, oldest first`)];
  for (const event of events) {
    const where = `${event.kafka.topic} p${event.kafka.partition} @${event.kafka.offset}`;
    lines.push(
      `${paint('dim', `#${String(event.sequence).padStart(3)}`)} ${paint('cyan', event.type.padEnd(26))} ` +
        `${event.occurredAt}  ${paint('dim', where)}`,
    );
  }
  return lines.join('\n');
}

export function formatReplay(replay: Replay, paint: Painter): string {
  const lines = [
    paint('bold', `${replay.transactionId}: ${replay.path.join(' → ')}`),
    replay.divergentSteps.length === 0
      ? paint(
          'green',
          replay.effectsCompared
            ? 'every step emits what was recorded'
            : 'no effect records to compare',
        )
      : paint(
          ['red', 'bold'],
          `would now decide differently at sequence ${replay.divergentSteps.join(', ')}`,
        ),
  ];
  for (const step of replay.steps) lines.push(...formatStep(step, paint));
  return lines.join('\n');
}

function formatStep(step: ReplayStep, paint: Painter): string[] {
  const moved =
    step.stateBefore === step.stateAfter
      ? paint('dim', step.stateAfter)
      : `${step.stateBefore} → ${paint('yellow', step.stateAfter)}`;
  const flag = step.divergent ? ` ${paint(['red', 'bold'], 'DIFFERS')}` : '';
  const lines = [
    `${paint('dim', `#${String(step.sequence).padStart(3)}`)} ${paint('cyan', step.type)}  ${moved}${flag}`,
  ];
  for (const change of step.changes) {
    lines.push(
      `       ${paint('dim', change.path)}: ${brief(change.before)} → ${brief(change.after)}`,
    );
  }
  const { es2Requests, directives, connectivity, alerts, timers } = step.emitted;
  for (const effect of es2Requests) {
    if (effect.type === 'SendEs2Request')
      lines.push(`       ${paint('magenta', 'ES2+')} ${effect.function}`);
  }
  for (const effect of directives) {
    if (effect.type === 'PublishDirective')
      lines.push(`       ${paint('magenta', 'directive')} ${brief(effect.directive)}`);
  }
  for (const effect of connectivity) {
    if (effect.type === 'ProvisionConnectivity')
      lines.push(`       ${paint('magenta', 'connectivity')} by ${effect.completeBy}`);
  }
  for (const effect of alerts) {
    if (effect.type === 'AlertOperations')
      lines.push(`       ${paint('magenta', 'alert')} ${effect.code}`);
  }
  for (const timer of timers.scheduled)
    lines.push(`       ${paint('magenta', 'timer')} ${timer.purpose} due ${timer.dueAt ?? '?'}`);
  for (const timer of timers.cancelled)
    lines.push(`       ${paint('magenta', 'timer')} ${timer.purpose} cancelled`);
  for (const timer of timers.fired)
    lines.push(`       ${paint('magenta', 'timer')} ${timer.purpose} fired`);
  if (step.check?.status === 'differs') {
    lines.push(
      `       ${paint('red', `recorded ${step.check.missing.length} effect(s) no longer emitted, ${step.check.unexpected.length} new`)}`,
    );
  }
  return lines;
}

export function formatPurchases(
  title: string,
  purchases: readonly PurchaseLine[],
  paint: Painter,
): string {
  if (purchases.length === 0) return paint('dim', `${title}: none`);
  const lines = [paint('bold', `${title}: ${purchases.length}`)];
  for (const purchase of purchases) {
    const badges = [
      purchase.parked ? paint('red', 'parked') : '',
      purchase.waitingOnTimer
        ? paint('yellow', `timer ${purchase.waitingOnTimer.dueAt ?? ''}`)
        : '',
    ].filter((badge) => badge !== '');
    lines.push(
      `${purchase.transactionId}  ${paint('cyan', (purchase.state ?? '—').padEnd(20))} ${(purchase.flow ?? '—').padEnd(18)} ` +
        `${purchase.startedAt ?? '—'}  ${purchase.eventCount} events ${badges.join(' ')}`.trimEnd(),
    );
  }
  return lines.join('\n');
}

export interface OperatorActionLine {
  readonly action: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly transactionId: string | null;
  readonly reason: string | null;
}

export function formatOperatorActions(actions: readonly OperatorActionLine[]): string {
  if (actions.length === 0) return 'no operator actions';
  return actions
    .map((action) =>
      [
        action.requestedAt,
        action.requestedBy.padEnd(20),
        action.action.padEnd(14),
        action.transactionId ?? '—',
        action.reason ?? '',
      ]
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 72 ? `${text.slice(0, 69)}…` : text;
}

export function formatDivergence(divergence: Divergence, paint: Painter): string {
  const { firstStep: step } = divergence;
  const more =
    divergence.divergentSteps > 1 ? ` (+${divergence.divergentSteps - 1} more steps)` : '';
  return (
    `${paint('yellow', divergence.transactionId)}  step #${step.sequence} ${paint('cyan', step.type)} ` +
    `(${step.stateBefore} → ${step.stateAfter}, ${step.occurredAt}): ${step.why}${paint('dim', more)}`
  );
}

export function formatFleetReport(report: FleetReport, paint: Painter): string {
  const rate =
    report.seconds > 0 ? Math.round(report.purchases / report.seconds) : report.purchases;
  const summary =
    `${report.purchases} purchases (${report.events} events) folded through this build's machine in ` +
    `${report.seconds.toFixed(1)} s (${rate} purchases/s): `;
  return report.divergences.length === 0
    ? paint('green', `${summary}every one decides as recorded`)
    : paint('red', `${summary}${report.divergences.length} would be decided differently`);
}
