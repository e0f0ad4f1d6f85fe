import { z } from 'zod';
import { operationContextSchema } from '../directive/operation-context.schema';
import { portalEventCommonShape } from './portal-event.common';

/**
 * The current generation's `MobilePlansInlineOperations.notify*` returned this `MobilePlansOperationContext`
 * (the portal-side script reports it). A later cancellation of the purchase names it in `notifyOperationCancel`.
 */
export const portalOperationContextReportedSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('OperationContextReported'),
  operationContext: operationContextSchema,
});
export type PortalOperationContextReported = z.output<typeof portalOperationContextReportedSchema>;
