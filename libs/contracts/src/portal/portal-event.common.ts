import { z } from 'zod';
import { eventIdSchema, timestampSchema, transactionIdSchema } from '../common/identifiers.schema';

/** Fields every portal event carries (contracts.md section 1). */
export const portalEventCommonShape = {
  eventId: eventIdSchema,
  transactionId: transactionIdSchema,
  occurredAt: timestampSchema,
};

export const portalEventTypeSchema = z.enum([
  'PurchaseCompleted',
  'PurchaseCancelled',
  'PurchaseFailed',
  'LpaErrorReported',
  'ActivationResultReported',
  'RegistrationStateChanged',
  'OperationContextReported',
]);
export type PortalEventType = z.output<typeof portalEventTypeSchema>;
