import { z } from 'zod';
import { directiveSchema } from '../directive/directive.schema';
import { purchaseEventSchema } from './event-metadata.schema';

export const directiveReasonSchema = z.enum(['fulfilment', 'reissue', 'cancellation', 'failure']);
export type DirectiveReason = z.output<typeof directiveReasonSchema>;

export const directiveIssuedV2Schema = purchaseEventSchema(
  'DirectiveIssued',
  z.object({ directive: directiveSchema, reason: directiveReasonSchema }),
);
export type DirectiveIssued = z.output<typeof directiveIssuedV2Schema>;
