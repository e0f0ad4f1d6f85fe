import type { PlanBalanceType } from './balance-fold';

/** A SIM's balance as the API reads it (from the projection, never a TypeORM entity). */
export interface BalanceRecord {
  readonly id: string;
  readonly balanceType: PlanBalanceType;
  readonly dataMB: number;
  readonly expiresAtMs: number;
  readonly locations: readonly string[];
}
