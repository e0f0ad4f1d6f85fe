import { z } from 'zod';
import { portalActivationResultReportedSchema } from './activation-result-reported.v1';
import { portalLpaErrorReportedSchema } from './lpa-error-reported.v1';
import { portalOperationContextReportedSchema } from './operation-context-reported.v1';
import { portalPurchaseCancelledSchema } from './purchase-cancelled.v1';
import { portalPurchaseCompletedSchema } from './purchase-completed.v1';
import { portalPurchaseFailedSchema } from './purchase-failed.v1';
import { portalRegistrationStateChangedSchema } from './registration-state-changed.v1';

/** Any event on `mobileplans.portal-events.v1` / `POST /v1/portal-events`. */
export const portalEventSchema = z.union([
  portalPurchaseCompletedSchema,
  portalPurchaseCancelledSchema,
  portalPurchaseFailedSchema,
  portalLpaErrorReportedSchema,
  portalActivationResultReportedSchema,
  portalRegistrationStateChangedSchema,
  portalOperationContextReportedSchema,
]);
export type PortalEvent = z.output<typeof portalEventSchema>;
