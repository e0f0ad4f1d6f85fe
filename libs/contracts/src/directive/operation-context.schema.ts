import { z } from 'zod';

/**
 * `MobilePlansOperationContext`: what the current generation's `MobilePlansInlineOperations.notify*` calls return,
 * a unique id the app creates per operation (mobile-plans.md section 3.1). The portal reports it back
 * (OperationContextReported) so that a later cancellation can name the operation (`notifyOperationCancel`).
 */
export const operationContextSchema = z.object({ Id: z.string().min(1).max(128) });
export type OperationContext = z.output<typeof operationContextSchema>;
