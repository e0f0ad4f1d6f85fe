import {
  timerPurposeSchema,
  type PurchaseInputOf,
  type SmdpFailure,
  type SmdpOutcome,
  type SmdpProfileState,
} from '@mp/contracts';
import { confirmReleaseFlag } from '../machine/es2-requests';
import { type PurchaseContext } from '../machine/purchase.context';
import { accept, type EventDraft, reject, type Translation } from './decision.types';
import { failureMetadata } from './portal-input.translator';
import { holdsIccid, unknownProfile } from './profile-checks';

const timerPurposes = timerPurposeSchema.options;

/** The outcome of an ES2+ call → the fact it establishes, or the failure of the purchase. */
export function translateSmdpResult(
  input: PurchaseInputOf<'smdpResult'>,
  context: PurchaseContext,
  stage: string,
): Translation {
  const fcid = input.functionCallIdentifier;
  const cancelCall = context.pending.cancelOrder.find(
    (call) => call.functionCallIdentifier === fcid,
  );
  // ADR 0028: the answer to a re-ask of a DownloadOrder whose outcome stayed unknown is awaited too.
  const reasked = context.unsettledDownloadOrder;
  const expected =
    input.function === 'cancelOrder'
      ? cancelCall?.functionCallIdentifier
      : input.function === 'downloadOrder' &&
          reasked?.asking === true &&
          reasked.functionCallIdentifier === fcid
        ? fcid
        : context.pending[input.function];
  if (expected !== fcid) {
    return reject(
      'STALE_SMDP_RESULT',
      `no ${input.function} call ${fcid} is pending`,
      'functionCallIdentifier',
    );
  }
  const { outcome } = input;
  if (outcome.status !== 'succeeded') {
    const failure = failureOf(outcome);
    // The call the purchase is waiting on decides its fate; any other (a compensation) is only recorded.
    const awaited: Record<string, string> = {
      downloadOrder: 'reserving',
      confirmOrder: 'confirming',
      releaseProfile: 'releasing',
    };
    if (awaited[input.function] === stage) {
      return accept({
        type: 'PurchaseFailed',
        data: {
          moDirectStatus: 'ServiceError',
          purchaseMetadata: failureMetadata(context),
          cause: { source: 'smdp', function: input.function, failure },
          settings: null,
        },
      });
    }
    const iccid = cancelCall?.iccid ?? context.profile?.iccid ?? null;
    return accept({
      type: 'SmdpCallFailed',
      data: { function: input.function, functionCallIdentifier: fcid, iccid, failure },
    });
  }
  const success = successFact(input, outcome.response, context);
  return success === null
    ? reject(
        'INVALID_SMDP_RESPONSE',
        `${input.function} response lacks required fields`,
        'outcome.response',
      )
    : accept(success);
}

function successFact(
  input: PurchaseInputOf<'smdpResult'>,
  response: Extract<SmdpOutcome, { status: 'succeeded' }>['response'],
  context: PurchaseContext,
): EventDraft | null {
  const functionCallIdentifier = input.functionCallIdentifier;
  const iccid = context.profile?.iccid;
  switch (input.function) {
    case 'downloadOrder':
      return response.iccid === undefined
        ? null
        : {
            type: 'ProfileReserved',
            data: { iccid: response.iccid, eid: context.eid ?? '', functionCallIdentifier },
          };
    case 'confirmOrder': {
      const { matchingId, smdpAddress } = response;
      if (matchingId === undefined || smdpAddress === undefined || iccid === undefined) return null;
      const released = confirmReleaseFlag(context);
      return {
        type: 'ProfileConfirmed',
        data: { iccid, matchingId, smdpAddress, released, functionCallIdentifier },
      };
    }
    case 'releaseProfile':
      return iccid === undefined
        ? null
        : { type: 'ProfileReleased', data: { iccid, functionCallIdentifier } };
    case 'cancelOrder': {
      const call = context.pending.cancelOrder.find(
        (c) => c.functionCallIdentifier === functionCallIdentifier,
      );
      return call === undefined
        ? null
        : {
            type: 'ProfileOrderCancelled',
            data: {
              iccid: call.iccid,
              finalProfileStatusIndicator: 'Available',
              functionCallIdentifier,
            },
          };
    }
    default: {
      const _exhaustive: never = input.function;
      return _exhaustive;
    }
  }
}

function failureOf(outcome: Exclude<SmdpOutcome, { status: 'succeeded' }>): SmdpFailure {
  return outcome.status === 'failed'
    ? {
        kind: 'failed',
        subjectCode: outcome.subjectCode,
        reasonCode: outcome.reasonCode,
        message: outcome.message ?? null,
      }
    : { kind: 'unavailable', attempts: outcome.attempts, lastError: outcome.lastError ?? null };
}

/** HandleDownloadProgressInfo: point 3 = downloaded, point 4 = installed, a failure at any point = Error. */
export function translateDownloadProgress(
  input: PurchaseInputOf<'downloadProgress'>,
  context: PurchaseContext,
): Translation {
  if (!holdsIccid(context, input.iccid)) return unknownProfile(input.iccid);
  const { status, statusCodeData } = input.notificationPointStatus;
  const succeeded = status === 'Executed-Success' || status === 'Executed-WithWarning';
  const pointState: Readonly<Record<number, SmdpProfileState>> = {
    3: 'Downloaded',
    4: 'Installed',
  };
  const profileState = succeeded ? (pointState[input.notificationPointId] ?? null) : 'Error';
  return accept({
    type: 'DownloadProgressReported',
    data: {
      iccid: input.iccid,
      notificationPointId: input.notificationPointId,
      status,
      subjectCode: statusCodeData?.subjectCode ?? null,
      reasonCode: statusCodeData?.reasonCode ?? null,
      timestamp: input.timestamp,
      profileState,
    },
  });
}

export function translateConnectivityResult(
  input: PurchaseInputOf<'connectivityResult'>,
  context: PurchaseContext,
): Translation {
  if (!holdsIccid(context, input.iccid)) return unknownProfile(input.iccid);
  if (input.outcome === 'provisioned') {
    return accept({ type: 'ConnectivityProvisioned', data: { iccid: input.iccid } });
  }
  return accept({
    type: 'PurchaseFailed',
    data: {
      moDirectStatus: 'ServiceError',
      purchaseMetadata: failureMetadata(context),
      cause: {
        source: 'connectivity',
        reason: input.reason ?? null,
        ...(input.reasonCode === undefined ? {} : { reasonCode: input.reasonCode }),
      },
      settings: null,
    },
  });
}

export function translateTimerFired(
  input: PurchaseInputOf<'timerFired'>,
  context: PurchaseContext,
): Translation {
  const purpose = timerPurposes.find(
    (candidate) => context.timers[candidate]?.timerId === input.timerId,
  );
  if (purpose === undefined) {
    return reject('TIMER_NOT_PENDING', `timer ${input.timerId} is not pending`, 'timerId');
  }
  return accept({ type: 'TimerFired', data: { timerId: input.timerId, purpose } });
}
