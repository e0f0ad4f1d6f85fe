import { SpanKind, type Tracer } from '@opentelemetry/api';
import { inSpan } from '@mp/event-log';
import { stateAfter, type DeciderState, type Decision } from '@mp/purchase-machine';
import type { BatchWork } from './batch-work';
import type { OutgoingRecords } from './outgoing-records';

/**
 * Writes an accepted decision into the batch's work: its events (with the state they lead to, which the next
 * decision starts from), its effects' records, the directive under a PRODUCER span of its own, and the alerts
 * operations must hear of once the batch has committed.
 */
export class DecisionRecords {
  constructor(
    private readonly out: OutgoingRecords,
    private readonly tracer: Tracer,
    private readonly directivesTopic: string,
  ) {}

  write(work: BatchWork, transactionId: string, before: DeciderState, decision: Decision): void {
    work.appendDecision(transactionId, decision.events, stateAfter(before, decision));
    for (const event of decision.events) work.messages.push(this.out.event(event));
    const { causationId, occurredAt } = decision.events[0]!.metadata;
    const accepted = decision.snapshot.context.purchase;
    decision.effects.forEach((effect, index) => {
      const messages = () =>
        this.out.effect(transactionId, causationId, occurredAt, index, effect, accepted);
      work.messages.push(
        ...(effect.type === 'PublishDirective' ? this.directive(effect, messages) : messages()),
      );
      if (effect.type === 'AlertOperations') {
        work.alerts.push({ transactionId, code: effect.code, message: effect.message });
      }
    });
  }

  /** The directive's records under a PRODUCER span of their own: the portal's read of it follows from there. */
  private directive<T>(effect: { directive: { api: string } }, messages: () => T): T {
    return inSpan(
      this.tracer,
      'directive publish',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.destination.name': this.directivesTopic,
          'mp.directive.api': effect.directive.api,
        },
      },
      messages,
    );
  }
}
