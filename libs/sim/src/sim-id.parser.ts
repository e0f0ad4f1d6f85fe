import { type Iccid, type IccidErrorCode, validateIccid } from './iccid.validator';

export type SimIdResult =
  | { readonly ok: true; readonly iccid: Iccid }
  | {
      readonly ok: false;
      readonly code: 'SIM_ID_MALFORMED';
      /** Why the ICCID part was rejected, for logs; callers answer every malformed id the same way (D4: 404). */
      readonly cause: IccidErrorCode;
      readonly reason: string;
    };

// Microsoft's documents show both `iccid:8988…` and `iccid: 8988…` (sent as `iccid:%20…`); D3 makes them, and the
// bare ICCID, one SIM. The prefix is matched as documented, lower case.
const ICCID_PREFIX = 'iccid:';

/** Parses the `{simId}` path parameter of GetBalance, already URL-decoded by the HTTP layer. */
export function parseSimId(raw: string): SimIdResult {
  const trimmed = raw.trim();
  const iccidPart = trimmed.startsWith(ICCID_PREFIX) ? trimmed.slice(ICCID_PREFIX.length) : trimmed;
  const result = validateIccid(iccidPart);
  if (result.ok) return result;
  return { ok: false, code: 'SIM_ID_MALFORMED', cause: result.code, reason: result.reason };
}
