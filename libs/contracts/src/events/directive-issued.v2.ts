import { z } from 'zod';
import { directiveApiSchema } from '../directive/directive-api';
import { directiveArgSchema } from '../directive/directive.schema';
import { purchaseEventSchema } from './event-metadata.schema';

export const directiveReasonSchema = z.enum(['fulfilment', 'reissue', 'cancellation', 'failure']);
export type DirectiveReason = z.output<typeof directiveReasonSchema>;

/**
 * Superseded by v3. A v2 directive's `script` passes each argument as a JSON literal, the form the project issued
 * before ADR 0013; it is kept as it was issued (the portal ran that line), and v2 never set listeners.
 */
export const directiveIssuedV2Schema = purchaseEventSchema(
  'DirectiveIssued',
  z.object({
    directive: z.object({
      api: directiveApiSchema,
      args: z.array(directiveArgSchema).min(1),
      script: z.string().min(1),
    }),
    reason: directiveReasonSchema,
  }),
);
export type DirectiveIssuedV2 = z.output<typeof directiveIssuedV2Schema>;
