import { BalanceCreditEntity } from './balance-credit.entity';
import { BalancePurchaseEntity } from './balance-purchase.entity';
import { BalanceUsageEntity } from './balance-usage.entity';
import { SimBalanceEntity } from './sim-balance.entity';

export { BalanceCreditEntity, BalancePurchaseEntity, BalanceUsageEntity, SimBalanceEntity };

export const balanceEntities = [
  BalancePurchaseEntity,
  BalanceCreditEntity,
  BalanceUsageEntity,
  SimBalanceEntity,
];
