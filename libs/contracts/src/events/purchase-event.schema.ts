import { z } from 'zod';
import {
  installationConfirmedByAppV1Schema,
  operationContextReportedV1Schema,
} from './app-reports.v1';
import { commandRejectedV1Schema } from './command-rejected.v1';
import { connectivityProvisionedV1Schema } from './connectivity-provisioned.v1';
import {
  activationResultReportedV1Schema,
  registrationStateChangedV1Schema,
} from './device-reports.v1';
import { directiveIssuedV3Schema } from './directive-issued.v3';
import { downloadProgressReportedV1Schema } from './download-progress-reported.v1';
import { lpaErrorReportedV1Schema } from './lpa-error-reported.v1';
import { profileConfirmedV1Schema } from './profile-confirmed.v1';
import { profileOrderCancelledV1Schema } from './profile-order-cancelled.v1';
import { profileReleasedV1Schema } from './profile-released.v1';
import { profileReservedV1Schema } from './profile-reserved.v1';
import { purchaseAcceptedV1Schema } from './purchase-accepted.v1';
import { purchaseCancelledV1Schema } from './purchase-cancelled.v1';
import { purchaseFailedV1Schema } from './purchase-failed.v1';
import { smdpCallFailedV1Schema } from './smdp-call-failed.v1';
import {
  timerCancelledV1Schema,
  timerFiredV1Schema,
  timerScheduledV1Schema,
} from './timer-events.v1';

/** Every event of a purchase, each at its current version. */
export const currentPurchaseEventSchema = z.discriminatedUnion('type', [
  purchaseAcceptedV1Schema,
  purchaseCancelledV1Schema,
  purchaseFailedV1Schema,
  profileReservedV1Schema,
  profileConfirmedV1Schema,
  profileReleasedV1Schema,
  profileOrderCancelledV1Schema,
  smdpCallFailedV1Schema,
  timerScheduledV1Schema,
  timerFiredV1Schema,
  timerCancelledV1Schema,
  directiveIssuedV3Schema,
  downloadProgressReportedV1Schema,
  connectivityProvisionedV1Schema,
  lpaErrorReportedV1Schema,
  activationResultReportedV1Schema,
  registrationStateChangedV1Schema,
  installationConfirmedByAppV1Schema,
  operationContextReportedV1Schema,
  commandRejectedV1Schema,
]);
export type PurchaseEvent = z.output<typeof currentPurchaseEventSchema>;
export type PurchaseEventType = PurchaseEvent['type'];
export type PurchaseEventOf<T extends PurchaseEventType> = Extract<PurchaseEvent, { type: T }>;

/** The schema version each event type is written at today. */
export const currentSchemaVersion: Readonly<Record<PurchaseEventType, number>> = {
  PurchaseAccepted: 1,
  PurchaseCancelled: 1,
  PurchaseFailed: 1,
  ProfileReserved: 1,
  ProfileConfirmed: 1,
  ProfileReleased: 1,
  ProfileOrderCancelled: 1,
  SmdpCallFailed: 1,
  TimerScheduled: 1,
  TimerFired: 1,
  TimerCancelled: 1,
  DirectiveIssued: 3,
  DownloadProgressReported: 1,
  ConnectivityProvisioned: 1,
  LpaErrorReported: 1,
  ActivationResultReported: 1,
  RegistrationStateChanged: 1,
  InstallationConfirmedByApp: 1,
  OperationContextReported: 1,
  CommandRejected: 1,
};
