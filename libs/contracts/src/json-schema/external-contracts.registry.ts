import { type z } from 'zod';
import { directiveSchema } from '../directive/directive.schema';
import { portalActivationResultReportedSchema } from '../portal/activation-result-reported.v1';
import { portalLpaErrorReportedSchema } from '../portal/lpa-error-reported.v1';
import { portalOperationContextReportedSchema } from '../portal/operation-context-reported.v1';
import { portalEventSchema } from '../portal/portal-event.schema';
import { portalPurchaseCancelledSchema } from '../portal/purchase-cancelled.v1';
import { portalPurchaseCompletedSchema } from '../portal/purchase-completed.v1';
import { portalPurchaseFailedSchema } from '../portal/purchase-failed.v1';
import { portalRegistrationStateChangedSchema } from '../portal/registration-state-changed.v1';
import { balanceAdjustmentSchema } from '../usage/balance-adjustment.v1';
import { provisioningRequestSchema } from '../provisioning/provisioning-request.v1';
import { provisioningResultSchema } from '../provisioning/provisioning-result.v1';
import { usageEventSchema } from '../usage/usage-event.v1';
import { purchaseViewSchema } from '../view/purchase-view.schema';

export interface ExternalContract {
  /** File stem under docs/contracts/. */
  readonly name: string;
  readonly title: string;
  readonly schema: z.ZodType;
}

/** The external contracts of contracts.md sections 1–3 and 7, in the order they are documented. */
export const externalContracts: readonly ExternalContract[] = [
  { name: 'portal-event.v1', title: 'Portal event (any type)', schema: portalEventSchema },
  {
    name: 'portal-purchase-completed.v1',
    title: 'PurchaseCompleted',
    schema: portalPurchaseCompletedSchema,
  },
  {
    name: 'portal-purchase-cancelled.v1',
    title: 'PurchaseCancelled',
    schema: portalPurchaseCancelledSchema,
  },
  {
    name: 'portal-purchase-failed.v1',
    title: 'PurchaseFailed',
    schema: portalPurchaseFailedSchema,
  },
  {
    name: 'portal-lpa-error-reported.v1',
    title: 'LpaErrorReported',
    schema: portalLpaErrorReportedSchema,
  },
  {
    name: 'portal-activation-result-reported.v1',
    title: 'ActivationResultReported',
    schema: portalActivationResultReportedSchema,
  },
  {
    name: 'portal-registration-state-changed.v1',
    title: 'RegistrationStateChanged',
    schema: portalRegistrationStateChangedSchema,
  },
  {
    name: 'portal-operation-context-reported.v1',
    title: 'OperationContextReported',
    schema: portalOperationContextReportedSchema,
  },
  { name: 'usage-event.v1', title: 'Usage event', schema: usageEventSchema },
  {
    name: 'balance-adjustment.v1',
    title: 'Balance adjustment (charging system)',
    schema: balanceAdjustmentSchema,
  },
  { name: 'directive.v1', title: 'Callback directive', schema: directiveSchema },
  {
    name: 'purchase-view.v1',
    title: 'Purchase view (GET /v1/purchases/{transactionId})',
    schema: purchaseViewSchema,
  },
  {
    name: 'provisioning-request.v1',
    title: 'Provisioning request (mobileplans.provisioning-requests.v1)',
    schema: provisioningRequestSchema,
  },
  {
    name: 'provisioning-result.v1',
    title: 'Provisioning result (mobileplans.provisioning-results.v1)',
    schema: provisioningResultSchema,
  },
];
