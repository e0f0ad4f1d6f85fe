import { type Es2RequestEffect, type SmdpOutcome } from '@mp/contracts';
import { type Es2CallOutcome, ReasonCodes, SubjectCodes } from '@mp/es2plus';
import { type AppLogger } from '@mp/platform';
import { type SmdpCallExecutor } from './smdp-call.executor';

type Unusable = Extract<Es2CallOutcome, { status: 'unusable' }>;

/** The identifier of the CancelOrder that releases what an unusable DownloadOrder answer reserved. */
export const releaseCallIdentifier = (functionCallIdentifier: string) =>
  `${functionCallIdentifier}/release`;

/**
 * A success the operator cannot use ends the call (docs/adr/0025): the purchase is told `failed` (8.2.1 ICCID,
 * 2.1 invalid) and, for a DownloadOrder, what the SM-DP+ reserved is released here with a CancelOrder to
 * `Unavailable` (so that the same profile is not handed out again). The purchase never held that ICCID (its
 * rules refuse it), so no one else could release it. The CancelOrder's identifier derives from the DownloadOrder's:
 * a redelivered effect replays both calls at the SM-DP+ instead of doing them twice. Abandoning (the adapter stops,
 * the partition moves) propagates: nothing is published, the next owner does the same.
 */
export async function settleUnusableAnswer(
  executor: SmdpCallExecutor,
  effect: Es2RequestEffect,
  outcome: Unusable,
  call: {
    functionRequesterIdentifier: string;
    signal: AbortSignal;
    onAttempt: () => Promise<void>;
    log: AppLogger;
  },
): Promise<SmdpOutcome> {
  let release = 'nothing to release';
  if (effect.function === 'downloadOrder' && outcome.reservedIccid !== undefined) {
    const functionCallIdentifier = releaseCallIdentifier(effect.functionCallIdentifier);
    const cancelled = await executor.execute(
      'cancelOrder',
      {
        header: {
          functionRequesterIdentifier: call.functionRequesterIdentifier,
          functionCallIdentifier,
        },
        iccid: outcome.reservedIccid,
        finalProfileStatusIndicator: 'Unavailable',
      },
      { signal: call.signal, onAttempt: call.onAttempt },
    );
    release = describeRelease(cancelled);
    const fields = {
      reservedIccid: outcome.reservedIccid,
      releaseCall: functionCallIdentifier,
      release,
    };
    if (cancelled.status === 'succeeded') call.log.warn(fields, 'unusable ES2+ answer released');
    else call.log.error(fields, 'unusable ES2+ answer NOT released: the profile stays reserved');
  } else {
    call.log.warn({ reason: outcome.reason }, 'unusable ES2+ answer');
  }
  return {
    status: 'failed',
    subjectCode: SubjectCodes.iccid,
    reasonCode: ReasonCodes.invalid,
    message: `${outcome.reason}; ${release}`,
  };
}

function describeRelease(cancelled: Awaited<ReturnType<SmdpCallExecutor['execute']>>): string {
  switch (cancelled.status) {
    case 'succeeded':
      return 'released with CancelOrder (Unavailable)';
    case 'failed':
      return `CancelOrder answered ${cancelled.subjectCode}/${cancelled.reasonCode}`;
    case 'unusable':
      return 'CancelOrder answered what this operator cannot read';
    case 'unavailable':
      return `CancelOrder could not reach the SM-DP+ after ${cancelled.attempts} attempts`;
    default: {
      const _exhaustive: never = cancelled;
      return _exhaustive;
    }
  }
}
