import { createHash } from 'node:crypto';
import {
  maxRejectedValueLength,
  type PurchaseEffectRecord,
  type RejectedRecord,
  type RoutedInputRecord,
  type SmdpOutcome,
  type Es2RequestEffect,
} from '@mp/contracts';
import { type HandleDownloadProgressInfoRequest } from '@mp/es2plus';

/**
 * The outcome of an ES2+ call as an input for the purchase. The id derives from the functionCallIdentifier, so a
 * call carried out twice (redelivery) yields one input the orchestrator recognises as a duplicate. A re-ask of a
 * DownloadOrder whose outcome stayed unknown (ADR 0028) has the same identifier but is another question: its
 * answer's id names the re-ask, so the purchase hears it (and a redelivered re-ask is again one input).
 */
export function smdpResultRecord(
  record: PurchaseEffectRecord,
  effect: Es2RequestEffect,
  outcome: SmdpOutcome,
  at: string,
  smdpAddress: string,
): RoutedInputRecord {
  const filled =
    outcome.status === 'succeeded' &&
    effect.function === 'confirmOrder' &&
    outcome.response.smdpAddress === undefined
      ? { ...outcome, response: { ...outcome.response, smdpAddress } }
      : outcome;
  return {
    kind: 'input',
    address: { transactionId: record.transactionId },
    input: {
      kind: 'smdpResult',
      id: smdpResultId(effect),
      at,
      function: effect.function,
      functionCallIdentifier: effect.functionCallIdentifier,
      outcome: filled,
    },
  };
}

function smdpResultId(effect: Es2RequestEffect): string {
  const reask = effect.function === 'downloadOrder' ? effect.reconciliation : undefined;
  const id = `smdp:${effect.functionCallIdentifier}`;
  return reask === undefined ? id : `${id}/reconciliation-${reask.attempt}`;
}

/** A HandleDownloadProgressInfo notification for the purchase that owns the ICCID (routed by the orchestrator). */
export function downloadProgressRecord(
  notification: HandleDownloadProgressInfoRequest,
  at: string,
): RoutedInputRecord {
  const { iccid, eid, profileType, timestamp, notificationPointId, notificationPointStatus } =
    notification;
  const statusCodeData = notificationPointStatus.statusCodeData;
  return {
    kind: 'input',
    address: { iccid },
    input: {
      kind: 'downloadProgress',
      id: `dpi:${digest(`${iccid}|${notificationPointId}|${timestamp}`)}`,
      at,
      iccid,
      ...(eid === undefined ? {} : { eid }),
      profileType,
      timestamp,
      notificationPointId,
      notificationPointStatus: {
        status: notificationPointStatus.status,
        ...(statusCodeData === undefined
          ? {}
          : {
              statusCodeData: {
                subjectCode: statusCodeData.subjectCode,
                reasonCode: statusCodeData.reasonCode,
                ...(statusCodeData.message === undefined
                  ? {}
                  : { message: statusCodeData.message }),
              },
            }),
      },
    },
  };
}

export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
}

export function rejectedRecord(
  origin: RecordOrigin,
  failure: { code: string; reason: string; parameter: string | null; transactionId: string | null },
  at: string,
): RejectedRecord {
  return {
    rejectionId: `smdp-adapter:${origin.topic}:${origin.partition}:${origin.offset}`,
    source: {
      topic: origin.topic,
      partition: origin.partition,
      offset: origin.offset,
      key: origin.key,
    },
    transactionId: failure.transactionId,
    code: failure.code,
    reason: failure.reason,
    parameter: failure.parameter,
    value: origin.value.slice(0, maxRejectedValueLength),
    rejectedAt: at,
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
