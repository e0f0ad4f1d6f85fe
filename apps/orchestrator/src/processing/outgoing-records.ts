import {
  maxRejectedValueLength,
  type ParkingRecord,
  type PurchaseEffect,
  type PurchaseAcceptedData,
  type PurchaseEffectRecord,
  type PurchaseEvent,
  type PurchaseInputRecord,
  type RecordSource,
  type RejectedRecord,
} from '@mp/contracts';
import {
  Headers,
  RecordKinds,
  withTraceHeaders,
  type OutgoingMessage,
  type TopicNames,
} from '@mp/event-log';
import { provisioningRequestOf } from './provisioning-request.mapper';

/**
 * The records one decision appends, in the shapes of libs/contracts/src/records; each carries the trace context of
 * the decision that wrote it (built inside the decision's span).
 */
export class OutgoingRecords {
  constructor(private readonly topics: TopicNames) {}

  event(event: PurchaseEvent): OutgoingMessage {
    const { metadata } = event;
    return {
      topic: this.topics.purchaseEvents,
      key: metadata.transactionId,
      value: JSON.stringify(event),
      headers: withTraceHeaders({
        [Headers.recordKind]: RecordKinds.event,
        [Headers.eventType]: event.type,
        [Headers.transactionId]: metadata.transactionId,
        [Headers.causationId]: metadata.causationId,
        [Headers.schemaVersion]: String(metadata.schemaVersion),
        [Headers.sequence]: String(metadata.sequence),
      }),
    };
  }

  /**
   * The effect request, and its record on an external topic: a directive's on the directives topic, a
   * connectivity request's on the provisioning requests topic (keyed by ICCID; the accepted purchase gives its plan).
   */
  effect(
    transactionId: string,
    causationId: string,
    issuedAt: string,
    index: number,
    effect: PurchaseEffect,
    accepted: PurchaseAcceptedData | null,
  ): OutgoingMessage[] {
    const record: PurchaseEffectRecord = {
      effectId: `${causationId}/effect/${index}`,
      transactionId,
      causationId,
      issuedAt,
      effect,
    };
    const messages: OutgoingMessage[] = [
      {
        topic: this.topics.purchaseEffects,
        key: transactionId,
        value: JSON.stringify(record),
        headers: withTraceHeaders({
          [Headers.effectType]: effect.type,
          [Headers.transactionId]: transactionId,
          [Headers.causationId]: causationId,
        }),
      },
    ];
    if (effect.type === 'PublishDirective') {
      messages.push({
        topic: this.topics.directives,
        key: transactionId,
        value: JSON.stringify({ transactionId, issuedAt, directive: effect.directive }),
        headers: withTraceHeaders({
          [Headers.transactionId]: transactionId,
          [Headers.causationId]: causationId,
        }),
      });
    }
    if (effect.type === 'ProvisionConnectivity') {
      const request = provisioningRequestOf(
        record.effectId,
        transactionId,
        issuedAt,
        effect,
        accepted,
      );
      if (request !== null) {
        messages.push({
          topic: this.topics.provisioningRequests,
          key: effect.iccid,
          value: JSON.stringify(request),
          headers: { [Headers.transactionId]: transactionId, [Headers.causationId]: causationId },
        });
      }
    }
    return messages;
  }

  rejected(
    source: RecordSource,
    value: Buffer | string | null,
    rejection: { code: string; reason: string; parameter: string | null },
    transactionId: string | null,
    rejectedAt: string,
  ): OutgoingMessage {
    const text = value === null ? '' : value.toString();
    const record: RejectedRecord = {
      rejectionId: `${source.topic}/${source.partition}/${source.offset}`,
      source,
      transactionId,
      ...rejection,
      value: text.slice(0, maxRejectedValueLength),
      rejectedAt,
    };
    return {
      topic: this.topics.rejectedRecords,
      key: source.key ?? transactionId ?? '',
      value: JSON.stringify(record),
      headers: withTraceHeaders(
        transactionId === null ? {} : { [Headers.transactionId]: transactionId },
      ),
    };
  }

  parking(record: ParkingRecord): OutgoingMessage {
    return {
      topic: this.topics.purchaseParking,
      key: record.transactionId,
      value: JSON.stringify(record),
      headers: withTraceHeaders({
        [Headers.transactionId]: record.transactionId,
        [Headers.sequence]: String(record.sequence),
      }),
    };
  }

  /** Sends an input on to the partition of the purchase it belongs to. */
  forward(transactionId: string, record: PurchaseInputRecord): OutgoingMessage {
    return {
      topic: this.topics.purchaseInputs,
      key: transactionId,
      value: JSON.stringify(record),
      headers: withTraceHeaders({ [Headers.transactionId]: transactionId }),
    };
  }
}
