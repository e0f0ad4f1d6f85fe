import { BalanceAdjustmentEntity } from './balance-adjustment.entity';
import { BalanceCreditEntity } from './balance-credit.entity';
import { BalancePurchaseEntity } from './balance-purchase.entity';
import { BalanceUsageEntity } from './balance-usage.entity';
import { SimBalanceEntity } from './sim-balance.entity';

export {
  BalanceAdjustmentEntity,
  BalanceCreditEntity,
  BalancePurchaseEntity,
  BalanceUsageEntity,
  SimBalanceEntity,
};

export const balanceEntities = [
  BalancePurchaseEntity,
  BalanceCreditEntity,
  BalanceUsageEntity,
  BalanceAdjustmentEntity,
  SimBalanceEntity,
];
