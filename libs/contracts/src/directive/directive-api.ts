import { z } from 'zod';

/** D18: which generation of the portal callback APIs the directive targets. */
export const callbackApiGenerationSchema = z.enum(['seed', 'current']);
export type CallbackApiGeneration = z.output<typeof callbackApiGenerationSchema>;

/** Every JavaScript function a directive may name (mobile-plans.md sections 3.1 and 3.2). */
export const directiveApiSchema = z.enum([
  'MobilePlans.notifyPurchaseWithProfileDownload',
  'MobilePlans.notifyPurchaseDelayedProfile',
  'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
  'MobilePlans.notifyBalanceAddition',
  'MobilePlans.notifyCancelledPurchase',
  'MobilePlansInlineOperations.notifyProfileDownload',
  'MobilePlansInlineOperations.notifyBalanceAddition',
  'MobilePlansInlineOperations.notifyOperationCancel',
]);
export type DirectiveApi = z.output<typeof directiveApiSchema>;
