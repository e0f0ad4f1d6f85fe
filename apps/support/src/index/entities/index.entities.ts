import { IndexedEffectEntity } from './indexed-effect.entity';
import { IndexedEventEntity } from './indexed-event.entity';
import { OperatorActionEntity } from './operator-action.entity';
import { ParkingRecordEntity } from './parking-record.entity';
import { PurchaseSimEntity } from './purchase-sim.entity';
import { PurchaseSummaryEntity } from './purchase-summary.entity';
import { RedriveEntity } from './redrive.entity';
import { RejectedRecordEntity } from './rejected-record.entity';

/** Every entity of the support app; they never leave it (responses are built by mappers). */
export const supportEntities = [
  IndexedEventEntity,
  IndexedEffectEntity,
  PurchaseSummaryEntity,
  PurchaseSimEntity,
  RejectedRecordEntity,
  ParkingRecordEntity,
  RedriveEntity,
  OperatorActionEntity,
];
