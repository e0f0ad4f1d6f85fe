import { type Es2RequestEffect } from '@mp/contracts';
import { fromWireIccid, toWireIccid } from '@mp/es2plus';

export class InvalidEs2Request extends Error {
  readonly code = 'INVALID_ES2_REQUEST';
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

/**
 * The JSON body of an ES2+ request from the orchestrator's effect: the request header, the ICCID F-padded to 20
 * characters, and empty optional fields left out (the machine writes '' for an EID it does not know).
 */
export function es2RequestBody(
  effect: Es2RequestEffect,
  functionRequesterIdentifier: string,
): Record<string, unknown> {
  const header = {
    functionRequesterIdentifier,
    functionCallIdentifier: effect.functionCallIdentifier,
  };
  switch (effect.function) {
    case 'downloadOrder':
      return {
        header,
        ...optional('eid', effect.request.eid),
        ...optional('profileType', effect.request.profileType),
      };
    case 'confirmOrder':
      return {
        header,
        iccid: wireIccid(effect.request.iccid),
        ...optional('eid', effect.request.eid),
        releaseFlag: effect.request.releaseFlag,
        ...optional('smdsAddress', effect.request.smdsAddress),
      };
    case 'releaseProfile':
      return { header, iccid: wireIccid(effect.request.iccid) };
    case 'cancelOrder':
      return {
        header,
        iccid: wireIccid(effect.request.iccid),
        ...optional('eid', effect.request.eid),
        ...optional('matchingId', effect.request.matchingId),
        finalProfileStatusIndicator: effect.request.finalProfileStatusIndicator,
      };
    default: {
      const _exhaustive: never = effect;
      return _exhaustive;
    }
  }
}

function optional(name: string, value: string | undefined): Record<string, string> {
  return value === undefined || value === '' ? {} : { [name]: value };
}

function wireIccid(iccid: string): string {
  const valid = fromWireIccid(iccid);
  if (valid === undefined)
    throw new InvalidEs2Request('the effect names an invalid ICCID', 'request.iccid');
  return toWireIccid(valid);
}
