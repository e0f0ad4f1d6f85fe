import { type SimRangeConfig } from './iccid-range.config';
import { findRange } from './iccid-range.matcher';
import { type Iccid, type IccidErrorCode } from './iccid.validator';
import { parseSimId } from './sim-id.parser';

/**
 * Decision D4 in one place: which SIMs exist for GetBalance. The HTTP layer maps the kinds to answers:
 * `malformed` and `notOperator` → 404, `notSupported` → 200 with one NOTSUPPORTED balance, `inProgram` → the
 * balance lookup.
 */
export type SimGateResult =
  | { readonly kind: 'malformed'; readonly cause: IccidErrorCode; readonly reason: string }
  | { readonly kind: 'notOperator'; readonly iccid: Iccid }
  | { readonly kind: 'notSupported'; readonly iccid: Iccid }
  | { readonly kind: 'inProgram'; readonly iccid: Iccid };

export type SimGateKind = SimGateResult['kind'];

export function classifySim(config: SimRangeConfig, rawSimId: string): SimGateResult {
  const parsed = parseSimId(rawSimId);
  if (!parsed.ok) return { kind: 'malformed', cause: parsed.cause, reason: parsed.reason };

  const { iccid } = parsed;
  // COSA first, as D4 reads; a validated configuration has every program range inside COSA anyway.
  if (findRange(config.cosa, iccid) === undefined) return { kind: 'notOperator', iccid };
  if (findRange(config.program, iccid) === undefined) return { kind: 'notSupported', iccid };
  return { kind: 'inProgram', iccid };
}
