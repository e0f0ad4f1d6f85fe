import { digest64 } from '@mp/purchase-machine';
import type { BalanceRecord } from '../balance/balance-record';
import { formatRemaining } from '../balance/iso-duration';
import type { BalanceQuery } from './balance-query.parser';

export type BalanceType = 'MODIRECT' | 'MODIRECTPAYG' | 'NONE' | 'NOTSUPPORTED';

export interface BasicBalance {
  readonly id: string;
  readonly type: BalanceType;
  readonly dataRemainingInMB: number;
  readonly timeRemaining: string;
}

export interface FullBalance extends BasicBalance {
  readonly locations: readonly string[];
  readonly 'ms-provisioningDataSet': readonly string[];
}

export interface BalancesBody {
  readonly balances: ReadonlyArray<BasicBalance | FullBalance>;
}

/** D4: a SIM in COSA but outside the program: one NOTSUPPORTED balance. */
export function notSupportedBody(iccid: string, query: BalanceQuery): BalancesBody {
  return { balances: [shape(empty(`ns-${digest64(iccid)}`, 'NOTSUPPORTED', query), query)] };
}

/**
 * D4, D5, D13, D14: the SIM's balances at `nowMs`. Balances that apply (to the location, or all of them without
 * one) and still have data and time are reported with their plan's type, the one expiring first first; when none
 * does, one NONE balance (0, PT0S) — the id of the SIM's latest used-up or expired balance there, if it has one.
 */
export function balancesBody(
  iccid: string,
  records: readonly BalanceRecord[],
  query: BalanceQuery,
  nowMs: number,
): BalancesBody {
  const { location } = query;
  const applicable =
    location === null ? records : records.filter((record) => record.locations.includes(location));
  const active = applicable
    .filter((record) => record.dataMB > 0 && record.expiresAtMs > nowMs)
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.id < b.id ? -1 : 1));
  if (active.length === 0) {
    const latest = [...applicable].sort((a, b) => b.expiresAtMs - a.expiresAtMs)[0];
    const none = empty(latest?.id ?? `none-${digest64(iccid)}`, 'NONE', query, latest?.locations);
    return { balances: [shape(none, query)] };
  }
  const limited = query.limit === null ? active : active.slice(0, query.limit);
  return {
    balances: limited.map((record) =>
      shape(
        {
          id: record.id,
          type: record.balanceType,
          dataRemainingInMB: record.dataMB,
          timeRemaining: formatRemaining(record.expiresAtMs - nowMs),
          locations: record.locations,
          'ms-provisioningDataSet': [],
        },
        query,
      ),
    ),
  };
}

function empty(
  id: string,
  type: BalanceType,
  query: BalanceQuery,
  locations: readonly string[] = query.location === null ? [] : [query.location],
): FullBalance {
  return {
    id,
    type,
    dataRemainingInMB: 0,
    timeRemaining: 'PT0S',
    locations,
    'ms-provisioningDataSet': [],
  };
}

function shape(balance: FullBalance, query: BalanceQuery): BasicBalance | FullBalance {
  if (query.fieldsTemplate === 'full') return balance;
  const { id, type, dataRemainingInMB, timeRemaining } = balance;
  return { id, type, dataRemainingInMB, timeRemaining };
}
